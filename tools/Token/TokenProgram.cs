using Microsoft.Extensions.Configuration;

namespace Notifications.Token;

public static class TokenProgram
{
    public static int Main(string[] args) =>
        TokenCommand.Run(args, new ConfigurationBuilder().AddEnvironmentVariables().Build(), Console.Out, Console.Error);
}

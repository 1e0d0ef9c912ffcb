using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Notifications.Bench.BareSignalR;

// The ceiling of the transport: the service's HTTP and SignalR surface with nothing behind it
// but a dictionary. No Orleans, no database, no validation beyond what keeps it from crashing.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var signingKey = builder.Configuration["Auth:SigningKey"];
if (signingKey is null || Encoding.UTF8.GetByteCount(signingKey) < 32)
{
    Console.Error.WriteLine("Auth__SigningKey (at least 32 bytes) is required.");
    return 2;
}

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
{
    o.MapInboundClaims = false;
    o.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = builder.Configuration["Auth:Issuer"] ?? "notifications",
        ValidAudience = builder.Configuration["Auth:Audience"] ?? "notifications",
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromMinutes(5),
        NameClaimType = "sub",
        RoleClaimType = "role",
    };
    o.Events = new JwtBearerEvents
    {
        OnMessageReceived = context =>
        {
            if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                && context.Request.Query["access_token"] is { Count: 1 } token
                && !string.IsNullOrEmpty(token[0]))
            {
                context.Token = token[0];
            }

            return Task.CompletedTask;
        },
    };
});
builder.Services.AddAuthorizationBuilder().AddPolicy("service", p => p.RequireRole("service"));
builder.Services.AddSingleton<Inboxes>();
builder.Services.AddSignalR().AddJsonProtocol(o => BareJson.Configure(o.PayloadSerializerOptions));
builder.Services.ConfigureHttpJsonOptions(o => BareJson.Configure(o.SerializerOptions));

var app = builder.Build();
app.UseWebSockets();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health/live", () => Results.Text("""{"status":"Healthy"}""", "application/json"));
app.MapBareApi();
app.MapHub<BareHub>("/hubs/notifications");

app.Run();
return 0;

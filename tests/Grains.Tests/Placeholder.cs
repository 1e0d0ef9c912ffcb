namespace Notifications.Grains.Tests; public class Placeholder { [Fact] public void Builds() { } }

namespace Lxcfs.Webhook.Hosting;

/// <summary>Builds the webhook application; Program.cs and the tests share it.</summary>
public static class WebhookApplication
{
    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.Services.AddLxcfsLogging(builder.Configuration);
        builder.Services.AddLxcfsWebhook(builder.Configuration);
        builder.WebHost.ConfigureLxcfsKestrel(builder.Configuration);
        var app = builder.Build();
        app.MapLxcfsWebhook();
        return app;
    }
}

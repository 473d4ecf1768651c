using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Lxcfs.Webhook.Hosting;

/// <summary>Serilog compact JSON on stdout; scopes (the request uid, the handler) become properties.</summary>
public static class LoggingExtensions
{
    public static IServiceCollection AddLxcfsLogging(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSerilog(logger => logger
            .MinimumLevel.Is(configuration.GetValue("Logging:Serilog:MinimumLevel", LogEventLevel.Information))
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Console(new CompactJsonFormatter()));
}

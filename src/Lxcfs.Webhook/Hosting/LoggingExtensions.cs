using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Lxcfs.Webhook.Hosting;

/// <summary>Serilog compact JSON on stdout; scopes become properties.</summary>
public static class LoggingExtensions
{
    // Above Fatal: nothing is enabled. ASP.NET Core hosting starts an Activity and a log scope for every
    // request as soon as its category logs anything at all (even Critical); it only ever logs request
    // start/finish lines, which an admission webhook does not want, and the pair cost ~5 % of a request.
    private const LogEventLevel Off = LogEventLevel.Fatal + 1;

    public static IServiceCollection AddLxcfsLogging(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSerilog(logger => logger
            .MinimumLevel.Is(configuration.GetValue("Logging:Serilog:MinimumLevel", LogEventLevel.Information))
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", Off)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Console(new CompactJsonFormatter()));
}

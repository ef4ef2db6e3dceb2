namespace Cashman.Api.Webhooks;

/// <summary>The webhooks feature: its settings, the API's services, the delivery client and the background delivery.</summary>
public static class WebhookSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSettings<WebhookOptions>(WebhookOptions.SectionName);
        services.AddSingleton<IWebhookDns, SystemWebhookDns>().AddSingleton<WebhookTargets>().AddSingleton<WebhookSender>();
        WebhookSender.AddWebhookClient(services);
        services.AddScoped<WebhookService>().AddScoped<WebhookTurn>();
        services.AddSingleton<WebhookDispatcher>().AddHostedService<WebhookDeliveryService>();
        return services;
    }
}

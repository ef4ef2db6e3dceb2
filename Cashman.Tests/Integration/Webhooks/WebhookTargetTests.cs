using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cashman.Tests.Integration.Webhooks;

/// <summary>
/// SPEC "Webhooks", targets: without <c>Webhooks__AllowPrivateTargets</c> only https URLs on public addresses are taken,
/// checked when saved and again after resolution at every delivery (DNS rebinding). Names resolve through a fake
/// resolver, since nothing here resolves to a public address.
/// </summary>
public sealed class WebhookTargetTests : IntegrationTest
{
    private static readonly IPAddress Public = IPAddress.Parse("93.184.215.14");
    private readonly FakeDns _dns = new();

    protected override void ConfigureApi(IWebHostBuilder builder)
    {
        builder.UseSetting("Webhooks:AllowPrivateTargets", "false");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IWebhookDns>();
            services.AddSingleton<IWebhookDns>(_dns);
        });
    }

    [TestCase("https://127.0.0.1/hook")]
    [TestCase("https://127.1.2.3/hook")]
    [TestCase("https://169.254.169.254/latest/meta-data/")]
    [TestCase("https://[fd00:ec2::254]/")]
    [TestCase("https://100.100.100.200/")]
    [TestCase("https://10.0.0.7/")]
    [TestCase("https://172.16.5.4/")]
    [TestCase("https://192.168.1.10:8443/hook")]
    [TestCase("https://[::1]/")]
    [TestCase("https://[::ffff:127.0.0.1]/")]
    [TestCase("https://[fe80::1]/")]
    [TestCase("https://224.0.0.251/")]
    [TestCase("https://0.0.0.0/")]
    [TestCase("https://localhost.example/")]
    [TestCase("https://metadata.example/")]
    [TestCase("https://mixed.example/")]
    [TestCase("https://nowhere.example/")]
    [TestCase("http://public.example/hook")]
    public async Task ATargetThatIsNotHttpsOnAPublicAddressIsRefusedWhenCreated(string url)
    {
        _dns.Names["localhost.example"] = [IPAddress.Loopback, IPAddress.IPv6Loopback];
        _dns.Names["metadata.example"] = [IPAddress.Parse("169.254.169.254")];
        _dns.Names["mixed.example"] = [Public, IPAddress.Parse("10.1.1.1")];
        _dns.Names["public.example"] = [Public];
        using var response = await Client.PostAsJsonAsync("/webhooks", new { url });
        await AssertValidationProblemAsync(response, "url");
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/webhooks"))!["items"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task AnHttpsTargetOnAPublicAddressIsTakenAndCheckedAgainOnUpdate()
    {
        _dns.Names["hooks.example"] = [Public];
        using var created = await Client.PostAsJsonAsync("/webhooks", new { url = "https://hooks.example/cashman" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (string)(await ReadObjectAsync(created))["id"]!;
        using var moved = await Client.PutAsJsonAsync($"/webhooks/{id}", new { url = "https://169.254.169.254/" });
        await AssertValidationProblemAsync(moved, "url");
    }

    [Test]
    public async Task ANameThatResolvesToAPrivateAddressAtDeliveryIsNotConnectedTo()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        _dns.Names["rebind.example"] = [Public];
        using var created = await Client.PostAsJsonAsync("/webhooks", new { url = $"https://rebind.example:{receiver.BaseUrl.Port}/hook" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (string)(await ReadObjectAsync(created))["id"]!;

        // The name now points at the receiver on loopback (and at the metadata address): a rebinding attack.
        _dns.Names["rebind.example"] = [IPAddress.Loopback, IPAddress.Parse("169.254.169.254")];
        await CreateAsync("expenses", new { description = "Coffee", amount = 3 });
        await Factory.Services.GetRequiredService<WebhookDispatcher>().RunAsync(CancellationToken.None, OwnerId);
        using var test = await Client.PostAsync($"/webhooks/{id}/test", null);
        var tested = await ReadObjectAsync(test);

        var attempts = (await Client.GetFromJsonAsync<JsonObject>($"/webhooks/{id}/deliveries"))!["items"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(receiver.Received, Is.Empty);
            Assert.That(attempts, Has.Count.EqualTo(2));
            Assert.That(attempts.Select(a => (string)a!["error"]!), Is.All.StartWith("Refused"));
            Assert.That(attempts.Select(a => a!["statusCode"]), Is.All.Null);
            Assert.That((bool)tested["succeeded"]!, Is.False);
        }
    }

    private sealed class FakeDns : IWebhookDns
    {
        public ConcurrentDictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            Task.FromResult(IPAddress.TryParse(host, out var literal) ? [literal] : Names.TryGetValue(host, out var addresses) ? addresses : []);
    }
}

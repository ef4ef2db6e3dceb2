using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Transactions;

namespace Cashman.Tests.Integration.Transactions;

/// <summary>SPEC "Transactions": <c>externalId</c> is the id a record has elsewhere, stored once per user across both kinds.</summary>
public sealed class ExternalIdTests : IntegrationTest
{
    [TestCase("incomes")]
    [TestCase("expenses")]
    public async Task AnExternalIdIsStoredAndReturnedEverywhere(string kind)
    {
        var created = await CreateAsync(kind, new { description = "Coffee", amount = 3.5, externalId = "bank-2026-03-15-0001" });
        Assert.That(created.ExternalId, Is.EqualTo("bank-2026-03-15-0001"));
        var read = await Client.GetFromJsonAsync<TransactionResponse>($"/{kind}/{created.Id}", Json);
        Assert.That(read!.ExternalId, Is.EqualTo("bank-2026-03-15-0001"));
        var listed = await ReadObjectAsync(await Client.GetAsync("/transactions"));
        Assert.That((string?)listed["items"]![0]!["externalId"], Is.EqualTo("bank-2026-03-15-0001"));
    }

    [Test]
    public async Task WithoutAnExternalIdItIsNullInTheBody()
    {
        using var response = await Client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 5000 });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That(body.ContainsKey("externalId"), Is.True);
        Assert.That(body["externalId"], Is.Null);
    }

    [TestCase("incomes", "incomes")]
    [TestCase("incomes", "expenses")]
    [TestCase("expenses", "incomes")]
    public async Task ACreateWithAKnownExternalIdIsA409NamingTheStoredTransactionAndStoresNothing(string first, string second)
    {
        var stored = await CreateAsync(first, new { description = "Coffee", amount = 3.5, externalId = "dup-1" });
        using var response = await Client.PostAsJsonAsync($"/{second}", new { description = "Other", amount = 9, externalId = "dup-1" });
        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That((string?)problem["existingId"], Is.EqualTo(stored.Id.ToString()));
        var all = await ReadObjectAsync(await Client.GetAsync("/transactions"));
        Assert.That((int)all["totalItems"]!, Is.EqualTo(1));
    }

    [Test]
    public async Task AnotherUserMayUseTheSameExternalIdAndNeitherLearnsOfTheOther()
    {
        await CreateAsync("incomes", new { description = "Mine", amount = 1, externalId = "shared-id" });
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        using var response = await other.PostAsJsonAsync("/incomes", new { description = "Theirs", amount = 1, externalId = "shared-id" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task ManyTransactionsWithoutAnExternalIdAreFine()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync("expenses", new { description = "cash", amount = 1 });
        }

        var all = await ReadObjectAsync(await Client.GetAsync("/expenses"));
        Assert.That((int)all["totalItems"]!, Is.EqualTo(3));
    }

    [TestCase("\"\"")]
    [TestCase("\"has\\u0000nul\"")]
    [TestCase("\"line\\nbreak\"")]
    [TestCase("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"")]
    [TestCase("42")]
    [TestCase("{}")]
    public async Task AnInvalidExternalIdIsA400NamingIt(string json)
    {
        using var response = await Client.PostAsync("/incomes", JsonBody($"{{\"description\":\"x\",\"amount\":1,\"externalId\":{json}}}"));
        await AssertValidationProblemAsync(response, "externalId");
    }

    [Test]
    public async Task APutKeepsTheExternalIdWhateverTheBodySays()
    {
        var created = await CreateAsync("incomes", new { description = "Salary", amount = 5000, externalId = "payroll-11" });
        using var put = await Client.PutAsJsonAsync($"/incomes/{created.Id}", new { description = "Salary (Nov)", amount = 5000, externalId = "something-else" });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await put.Content.ReadFromJsonAsync<TransactionResponse>(Json))!.ExternalId, Is.EqualTo("payroll-11"));
    }

    [Test]
    public async Task ConcurrentCreatesWithOneExternalIdStoreItOnceAndTheOthersNameIt()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Client.PostAsJsonAsync(i % 2 == 0 ? "/incomes" : "/expenses", new { description = $"writer {i}", amount = 1, externalId = "race-1" })));
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.That(created, Has.Count.EqualTo(1), string.Join(", ", responses.Select(r => r.StatusCode)));
        var id = (await created[0].Content.ReadFromJsonAsync<TransactionResponse>(Json))!.Id;
        foreach (var conflict in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await AssertProblemAsync(conflict, HttpStatusCode.Conflict);
            Assert.That((string?)problem["existingId"], Is.EqualTo(id.ToString()));
        }

        DisposeAll(responses);
    }

    [Test]
    public async Task AnIdempotentRetryOfACreateWithAnExternalIdReplaysInsteadOfConflicting()
    {
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonContent.Create(new { description = "x", amount = 1, externalId = "idem-1" }) };
            request.Headers.Add("Idempotency-Key", "retry-with-external-id");
            return await Client.SendAsync(request);
        }

        using var first = await SendAsync();
        using var retry = await SendAsync();
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(retry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/expenses") { Content = JsonContent.Create(new { description = "y", amount = 1, externalId = "idem-1" }) };
        request.Headers.Add("Idempotency-Key", "another-key");
        using var conflict = await Client.SendAsync(request);
        await AssertProblemAsync(conflict, HttpStatusCode.Conflict);
    }
}

using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Transactions;

namespace Cashman.Tests.Integration.Reliability;

/// <summary>Optimistic concurrency: the row version is the ETag, and If-Match makes PUT and DELETE conditional on it.</summary>
public sealed class ConditionalRequestTests : IntegrationTest
{
    [Test]
    public async Task CreatedTransactionCarriesTheETagThatAReadReturns()
    {
        using var created = await Client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 5000 });
        var id = (await created.Content.ReadFromJsonAsync<TransactionResponse>(Json))!.Id;
        using var read = await Client.GetAsync($"/incomes/{id}");
        Assert.That(created.Headers.ETag, Is.Not.Null);
        Assert.That(created.Headers.ETag, Is.EqualTo(read.Headers.ETag));
    }

    [Test]
    public async Task TheETagIsOpaqueAndMovesOnlyWithItsOwnRow()
    {
        var (id, etag) = await CreateWithETagAsync("incomes");
        Assert.That(etag, Does.Match("^\"[0-9a-f]{32}\"$"), "a random version, not a database-wide counter such as xmin");

        // Another user's writes, and this user's writes to other rows, leave it as it was.
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        for (var i = 0; i < 3; i++)
        {
            (await other.PostAsJsonAsync("/expenses", new { description = "elsewhere", amount = 1 })).Dispose();
            await CreateAsync("expenses", new { description = "another row", amount = 1 });
        }

        using (var read = await Client.GetAsync($"/incomes/{id}"))
        {
            Assert.That(read.Headers.ETag!.Tag, Is.EqualTo(etag));
        }

        // Replacing it, even with what it already holds, is a change: a new version.
        using var unchanged = await SendIfMatchAsync(HttpMethod.Put, $"/incomes/{id}", etag, new { description = "Salary", amount = 5000 });
        Assert.That(unchanged.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(unchanged.Headers.ETag!.Tag, Is.Not.EqualTo(etag));
    }

    [TestCase("incomes")]
    [TestCase("expenses")]
    public async Task PutWithTheCurrentETagUpdatesAndReturnsTheNextETag(string kind)
    {
        var (id, etag) = await CreateWithETagAsync(kind);
        using var response = await SendIfMatchAsync(HttpMethod.Put, $"/{kind}/{id}", etag, new { description = "changed", amount = 7 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.ETag!.Tag, Is.Not.EqualTo(etag));
        Assert.That(await DescriptionAsync(kind, id), Is.EqualTo("changed"));
    }

    [TestCase("incomes")]
    [TestCase("expenses")]
    public async Task PutWithAStaleETagIsA412AndChangesNothing(string kind)
    {
        var (id, stale) = await CreateWithETagAsync(kind);
        using var first = await SendIfMatchAsync(HttpMethod.Put, $"/{kind}/{id}", stale, new { description = "first writer", amount = 1 });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var second = await SendIfMatchAsync(HttpMethod.Put, $"/{kind}/{id}", stale, new { description = "second writer", amount = 2 });
        await AssertProblemAsync(second, HttpStatusCode.PreconditionFailed);
        using var after = await Client.GetAsync($"/{kind}/{id}");
        Assert.That((await after.Content.ReadFromJsonAsync<TransactionResponse>(Json))!.Description, Is.EqualTo("first writer"));
        Assert.That(after.Headers.ETag, Is.EqualTo(first.Headers.ETag));
    }

    [TestCase("incomes")]
    [TestCase("expenses")]
    public async Task DeleteWithAStaleETagIsA412AndKeepsTheRow(string kind)
    {
        var (id, stale) = await CreateWithETagAsync(kind);
        using var update = await Client.PutAsJsonAsync($"/{kind}/{id}", new { description = "changed meanwhile", amount = 3 });

        using var delete = await SendIfMatchAsync(HttpMethod.Delete, $"/{kind}/{id}", stale);
        await AssertProblemAsync(delete, HttpStatusCode.PreconditionFailed);
        Assert.That(await DescriptionAsync(kind, id), Is.EqualTo("changed meanwhile"));
    }

    [TestCase("incomes")]
    [TestCase("expenses")]
    public async Task DeleteWithTheCurrentETagDeletes(string kind)
    {
        var (id, etag) = await CreateWithETagAsync(kind);
        using var delete = await SendIfMatchAsync(HttpMethod.Delete, $"/{kind}/{id}", etag);
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var after = await Client.GetAsync($"/{kind}/{id}");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task StarMatchesAnyVersion()
    {
        var (id, _) = await CreateWithETagAsync("incomes");
        using var star = await SendIfMatchAsync(HttpMethod.Put, $"/incomes/{id}", "*", new { description = "star", amount = 1 });
        Assert.That(star.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await DescriptionAsync("incomes", id), Is.EqualTo("star"));
    }

    // A list of tags in one If-Match line is tested on Kestrel (KestrelWireTests): the in-memory test server hands
    // a comma-separated value over as several values, which is what two If-Match headers look like.

    [Test]
    public async Task WeakOrForeignTagsAreWellFormedButNeverMatch()
    {
        var (id, etag) = await CreateWithETagAsync("incomes");
        foreach (var tag in new[] { $"W/{etag}", "\"not-a-version\"", "\"\"" })
        {
            using var response = await SendIfMatchAsync(HttpMethod.Put, $"/incomes/{id}", tag, new { description = "changed", amount = 1 });
            await AssertProblemAsync(response, HttpStatusCode.PreconditionFailed);
        }

        Assert.That(await DescriptionAsync("incomes", id), Is.EqualTo("original"));
    }

    [TestCase("PUT", "12345")]
    [TestCase("PUT", "\"12345")]
    [TestCase("PUT", "W/")]
    [TestCase("PUT", "\"1\" \"2\"")]
    [TestCase("DELETE", "12345")]
    [TestCase("DELETE", "*, x")]
    public async Task MalformedIfMatchIsA400NamingTheHeaderAndChangesNothing(string method, string ifMatch)
    {
        var (id, _) = await CreateWithETagAsync("incomes");
        using var response = await SendIfMatchAsync(new HttpMethod(method), $"/incomes/{id}", ifMatch, method == "PUT" ? new { description = "changed", amount = 1 } : null);
        await AssertValidationProblemAsync(response, "If-Match");
        Assert.That(await DescriptionAsync("incomes", id), Is.EqualTo("original"));
    }

    [Test]
    public async Task IfMatchOnAnUnknownOrForeignIdIsStillA404()
    {
        var (id, etag) = await CreateWithETagAsync("incomes");
        using var unknown = await SendIfMatchAsync(HttpMethod.Put, $"/incomes/{Guid.CreateVersion7()}", etag, new { description = "x", amount = 1 });
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);

        var intruder = ClientWithToken((await RegisterAndLoginAsync(Email("intruder"))).AccessToken);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/incomes/{id}");
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var foreign = await intruder.SendAsync(request);
        await AssertProblemAsync(foreign, HttpStatusCode.NotFound);
        Assert.That(await DescriptionAsync("incomes", id), Is.EqualTo("original"));
    }

    [Test]
    public async Task ConcurrentPutsWithTheSameETagLetExactlyOneWin()
    {
        const int Writers = 8;
        for (var round = 0; round < 5; round++)
        {
            var (id, etag) = await CreateWithETagAsync("expenses");
            var responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
                SendIfMatchAsync(HttpMethod.Put, $"/expenses/{id}", etag, new { description = $"writer {i}", amount = i + 1 })));
            try
            {
                var statuses = responses.Select(r => r.StatusCode).ToList();
                Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1), string.Join(",", statuses));
                Assert.That(statuses.Count(s => s == HttpStatusCode.PreconditionFailed), Is.EqualTo(Writers - 1), string.Join(",", statuses));

                var winner = (await responses.Single(r => r.IsSuccessStatusCode).Content.ReadFromJsonAsync<TransactionResponse>(Json))!;
                using var after = await Client.GetAsync($"/expenses/{id}");
                Assert.That(await after.Content.ReadFromJsonAsync<TransactionResponse>(Json), Is.EqualTo(winner));
            }
            finally
            {
                DisposeAll(responses);
            }
        }
    }

    private async Task<(Guid Id, string ETag)> CreateWithETagAsync(string kind)
    {
        var created = await CreateAsync(kind, new { description = "original", amount = 10 });
        using var read = await Client.GetAsync($"/{kind}/{created.Id}");
        return (created.Id, read.Headers.ETag!.Tag);
    }

    private async Task<string> DescriptionAsync(string kind, Guid id)
    {
        using var response = await Client.GetAsync($"/{kind}/{id}");
        return (await response.Content.ReadFromJsonAsync<TransactionResponse>(Json))!.Description;
    }
}

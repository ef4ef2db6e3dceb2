using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Security;

/// <summary>Each user sees and touches only their own transactions; another user's id is the same 404 as an unknown id.</summary>
public sealed class OwnershipTests : IntegrationTest
{
    private TransactionResponse _income = null!;
    private TransactionResponse _expense = null!;
    private HttpClient _other = null!;

    [SetUp]
    public async Task CreateOwnerDataAndAnotherUserAsync()
    {
        _income = await CreateAsync("incomes", new { description = "Salary", amount = 5000 });
        _expense = await CreateAsync("expenses", new { description = "pizza", amount = 50 });
        _other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
    }

    [TearDown]
    public void DisposeOther() => _other.Dispose();

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.ById))]
    public async Task AnotherUsersIdIsTheSame404AsAnUnknownIdAndTheRowIsUnchanged(string method, string path)
    {
        var owned = path.StartsWith("/incomes", StringComparison.Ordinal) ? _income : _expense;
        using var theirs = await _other.SendAsync(TransactionEndpoints.Request(method, path, owned.Id));
        using var unknown = await _other.SendAsync(TransactionEndpoints.Request(method, path, Guid.CreateVersion7()));
        var theirsProblem = await AssertProblemAsync(theirs, HttpStatusCode.NotFound);
        var unknownProblem = await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.That((string)theirsProblem["detail"]!, Is.EqualTo((string)unknownProblem["detail"]!));

        using var after = await Client.GetAsync($"/{path.Split('/')[1]}/{owned.Id}");
        Assert.That(await after.Content.ReadFromJsonAsync<TransactionResponse>(Json), Is.EqualTo(owned));
    }

    [TestCase("/incomes")]
    [TestCase("/expenses")]
    [TestCase("/transactions")]
    public async Task ListsShowOnlyTheCallersTransactions(string path)
    {
        await _other.PostAsJsonAsync("/incomes", new { description = "their salary", amount = 1 });
        await _other.PostAsJsonAsync("/expenses", new { description = "their pizza", amount = 1 });

        var mine = await ReadObjectAsync(await Client.GetAsync(path));
        var theirs = await ReadObjectAsync(await _other.GetAsync(path));
        Assert.That(mine["items"]!.AsArray().Select(i => (string)i!["description"]!), Is.All.Not.StartWith("their"));
        Assert.That(theirs["items"]!.AsArray().Select(i => (string)i!["description"]!), Is.All.StartWith("their"));
        Assert.That((int)theirs["totalItems"]!, Is.EqualTo(path == "/transactions" ? 2 : 1));
    }

    [Test]
    public async Task TheOwnerComesFromTheCredentialsNeverFromTheBody()
    {
        await using var db = TestDatabase.Inspect();
        var ownerId = await db.Users.Where(u => u.Email == OwnerEmail).Select(u => u.Id).SingleAsync();
        var otherId = await db.Users.Where(u => u.Email == Email("other")).Select(u => u.Id).SingleAsync();

        var created = await CreateAsync("incomes", new { description = "spoofed", amount = 1, userId = otherId });
        var stored = await db.Transactions.AsNoTracking().SingleAsync(t => t.Id == created.Id);
        Assert.That(stored.UserId, Is.EqualTo(ownerId));
        using var theirView = await _other.GetAsync($"/incomes/{created.Id}");
        Assert.That(theirView.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task EveryStoredTransactionHasAnOwner()
    {
        await using var db = TestDatabase.Inspect();
        Assert.That(await db.Transactions.AnyAsync(t => t.UserId == Guid.Empty), Is.False);
        Assert.That(await CountTestRowsAsync("transactions"), Is.EqualTo(2));
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration.Sync;

/// <summary>
/// SPEC "Sync": a follower that stores <c>next</c> converges exactly to the server's state, also while the same user
/// writes concurrently from several devices: creates, updates, deletes and batches.
/// </summary>
public sealed class ConcurrentFollowerTests : IntegrationTest
{
    private const int Writers = 4;
    private const int OperationsPerWriter = 40;

    [Test]
    public async Task FollowersPagingWhileSeveralDevicesWriteEndWithExactlyTheTable()
    {
        var ids = new ConcurrentDictionary<Guid, string>();
        var done = 0;
        var halfway = new TaskCompletionSource();
        var writing = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < OperationsPerWriter; i++)
            {
                await WriteOnceAsync(random, w, i, ids);
                if (Interlocked.Increment(ref done) == Writers * OperationsPerWriter / 2)
                {
                    halfway.SetResult();
                }
            }
        })).ToList();
        var allWritten = Task.WhenAll(writing);

        // One follower from before the first write, one that starts from scratch in the middle of the writes.
        var early = Task.Run(() => FollowAsync(allWritten));
        var late = Task.Run(async () =>
        {
            await halfway.Task;
            return await FollowAsync(allWritten);
        });
        await allWritten;
        var copies = await Task.WhenAll(early, late);

        var table = await TableAsync();
        Assert.That(table, Has.Count.GreaterThan(20), "the writers leave rows behind");
        Assert.That(ids.Count, Is.GreaterThan(table.Count), "the writers deleted some rows");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copies[0], Is.EquivalentTo(table), "the follower from the start");
            Assert.That(copies[1], Is.EquivalentTo(table), "the follower that started in the middle");
        }
    }

    private async Task WriteOnceAsync(Random random, int writer, int step, ConcurrentDictionary<Guid, string> ids)
    {
        var known = ids.Keys.ToArray();
        var roll = random.Next(100);
        if (roll < 30 || known.Length < 5)
        {
            using var created = await Client.PostAsJsonAsync(
                "/expenses", new { description = $"w{writer} s{step}", amount = random.Next(1, 10_000) / 100m, externalId = $"w{writer}-{step}" });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            ids[(Guid)(await ReadObjectAsync(created))["id"]!] = "expenses";
        }
        else if (roll < 55)
        {
            var items = Enumerable.Range(0, random.Next(2, 6))
                .Select(k => new { type = "income", description = $"w{writer} s{step} b{k}", amount = random.Next(1, 10_000) / 100m })
                .ToArray();
            using var batch = await Client.PostAsJsonAsync("/transactions/batch", new { items });
            Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            foreach (var result in (await ReadObjectAsync(batch))["results"]!.AsArray())
            {
                ids[(Guid)result!["id"]!] = "incomes";
            }
        }
        else if (roll < 85)
        {
            var id = known[random.Next(known.Length)];
            using var updated = await Client.PutAsJsonAsync($"/{ids[id]}/{id}", new { description = $"w{writer} s{step} edit", amount = random.Next(1, 10_000) / 100m });
            Assert.That(updated.StatusCode, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Conflict));
        }
        else
        {
            var id = known[random.Next(known.Length)];
            using var deleted = await Client.DeleteAsync($"/{ids[id]}/{id}");
            Assert.That(deleted.StatusCode, Is.AnyOf(HttpStatusCode.NoContent, HttpStatusCode.NotFound));
        }
    }

    /// <summary>Pages through the feed with small pages until the writers are done and the feed has nothing more.</summary>
    private async Task<Dictionary<Guid, string>> FollowAsync(Task writers)
    {
        var copy = new Dictionary<Guid, string>();
        string? cursor = null;
        while (true)
        {
            var finished = writers.IsCompleted;
            using var response = await Client.GetAsync("/changes?limit=5" + (cursor is null ? string.Empty : $"&after={cursor}"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var page = await ReadObjectAsync(response);
            foreach (var change in page["changes"]!.AsArray())
            {
                if ((string)change!["op"]! == "delete")
                {
                    copy.Remove((Guid)change["id"]!);
                }
                else
                {
                    var t = change["transaction"]!;
                    copy[(Guid)t["id"]!] = Row((string)t["description"]!, t["amount"]!.ToJsonString());
                }
            }

            cursor = (string)page["next"]!;
            if (finished && !(bool)page["hasMore"]!)
            {
                return copy;
            }
        }
    }

    private async Task<Dictionary<Guid, string>> TableAsync()
    {
        await using var db = TestDatabase.Inspect();
        var owner = (Guid)(await ReadObjectAsync(await Client.GetAsync("/auth/me")))["id"]!;
        var rows = await db.Transactions.AsNoTracking().Where(t => t.UserId == owner).Select(t => new { t.Id, t.Description, t.Amount }).ToListAsync();
        return rows.ToDictionary(r => r.Id, r => Row(r.Description, r.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string Row(string description, string amount) => $"{description}|{amount}";
}

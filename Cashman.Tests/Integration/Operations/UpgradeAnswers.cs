using System.Net;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Operations;

/// <summary>What a user reads, compared across an upgrade by the migration tests.</summary>
internal static class UpgradeAnswers
{
    /// <summary>Each path's status, <c>ETag</c> and body, in order; a feed cursor's <c>next</c> (it carries the time it was issued) left out.</summary>
    public static async Task<List<string>> ReadAllAsync(HttpClient client, IEnumerable<string> paths)
    {
        var answers = new List<string>();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            body.Remove("next");
            answers.Add($"{path} {response.Headers.ETag} {body.ToJsonString()}");
        }

        return answers;
    }
}

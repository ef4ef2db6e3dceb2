using System.Reflection;

namespace Cashman.Infrastructure.Persistence;

/// <summary>The SQL that runs inside the database (functions and triggers), kept as files under <c>Persistence/Sql</c>.</summary>
public static class DatabaseCode
{
    /// <summary>The trigger function that keeps totals and numbers each change in its owner's change feed.</summary>
    public const string TrackChangesFunction = "transactions_track_changes";

    /// <summary>The function the trigger finds (or creates) a transaction's category with.</summary>
    public const string CategoryOfFunction = "category_of";

    /// <summary>What <see cref="CategoryOfFunction"/> raises for a category the owner does not have (any more).</summary>
    public const string NoSuchCategory = "no such category of the owner";

    /// <summary>The text of <c>Persistence/Sql/<paramref name="name"/>.sql</c>.</summary>
    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Cashman.Sql.{name}.sql")
            ?? throw new InvalidOperationException($"No SQL file named {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The body of a function as PostgreSQL keeps it (<c>pg_proc.prosrc</c>): the text between its <c>$$</c> quotes.</summary>
    public static string FunctionBody(string name)
    {
        var text = Read(name);
        var start = text.IndexOf("$$", StringComparison.Ordinal) + 2;
        var end = text.LastIndexOf("$$", StringComparison.Ordinal);
        return text[start..end];
    }
}

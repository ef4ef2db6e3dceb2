using System.Data.Common;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cashman.Api.Accounts;

/// <summary>
/// The credential checks every authenticated request makes: a login that is not revoked, or an API key of its owner that
/// is not revoked, each read with the caller's settings and default account in the same round trip
/// (<see cref="CallerSnapshot"/>). Written in SQL and read with Npgsql, retried by the context's execution strategy: this
/// is the one query of every request, and EF Core's query pipeline cost more CPU than the statement (bench/results/load.md).
/// Both name the owner, so on Citus they stay on the owner's shard.
/// </summary>
public static class CallerSnapshots
{
    private const string SettingsAndDefaultAccount = """
        LEFT JOIN user_settings AS u ON u.user_id = c.user_id
        LEFT JOIN accounts AS a ON a.user_id = c.user_id AND a.id = u.default_account_id
        """;

    private const string Columns = "c.user_id, c.id, u.base_currency, u.time_zone, u.default_account_id, a.name, a.kind, a.currency, a.archived";

    private const string SessionSql = $"""
        SELECT {Columns}
        FROM sessions AS c
        {SettingsAndDefaultAccount}
        WHERE c.id = $1 AND c.user_id = $2 AND c.revoked_at IS NULL
        """;

    private const string ApiKeySql = $"""
        SELECT {Columns}
        FROM api_keys AS c
        {SettingsAndDefaultAccount}
        WHERE c.user_id = $1 AND c.key_hash = $2 AND c.revoked_at IS NULL
        """;

    /// <summary>The caller of an access token, or null when its login (<paramref name="sessionId"/>) ended.</summary>
    public static Task<CallerSnapshot?> OfSessionAsync(CashmanDbContext db, Guid sessionId, Guid userId, CancellationToken cancellationToken) =>
        ReadAsync(db, SessionSql, sessionId, userId, NpgsqlDbType.Uuid, isApiKey: false, cancellationToken);

    /// <summary>The caller of an API key, or null when no key of <paramref name="owner"/> has that hash or it is revoked.</summary>
    public static Task<CallerSnapshot?> OfApiKeyAsync(CashmanDbContext db, Guid owner, string keyHash, CancellationToken cancellationToken) =>
        ReadAsync(db, ApiKeySql, owner, keyHash, NpgsqlDbType.Varchar, isApiKey: true, cancellationToken);

    private static Task<CallerSnapshot?> ReadAsync<T>(
        CashmanDbContext db, string sql, Guid first, T second, NpgsqlDbType secondType, bool isApiKey, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(
            (db, sql, first, second, secondType, isApiKey),
            static async (state, c) =>
            {
                var database = state.db.Database;
                await database.OpenConnectionAsync(c);
                try
                {
                    await using var command = ((NpgsqlConnection)database.GetDbConnection()).CreateCommand();
                    command.CommandText = state.sql;
                    command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = state.first, NpgsqlDbType = NpgsqlDbType.Uuid });
                    command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = state.second, NpgsqlDbType = state.secondType });
                    await using var reader = await command.ExecuteReaderAsync(c);
                    return await reader.ReadAsync(c) ? Snapshot(reader, state.isApiKey) : null;
                }
                finally
                {
                    await database.CloseConnectionAsync();
                }
            },
            cancellationToken);

    private static CallerSnapshot Snapshot(DbDataReader row, bool isApiKey) => new()
    {
        UserId = row.GetGuid(0),
        ApiKeyId = isApiKey ? row.GetGuid(1) : null,
        BaseCurrency = row.IsDBNull(2) ? null : row.GetString(2),
        TimeZone = row.IsDBNull(3) ? null : row.GetString(3),
        DefaultAccountId = row.IsDBNull(4) ? null : row.GetGuid(4),
        AccountName = row.IsDBNull(5) ? null : row.GetString(5),
        AccountKind = row.IsDBNull(6) ? null : MoneyRules.ParseKind(row.GetString(6)),
        AccountCurrency = row.IsDBNull(7) ? null : row.GetString(7),
        AccountArchived = row.IsDBNull(8) ? null : row.GetBoolean(8),
    };
}

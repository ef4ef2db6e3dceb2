using System.Globalization;
using Npgsql;

namespace Cashman.Bench;

internal static class BenchDatabase
{
    /// <summary>Drops a benchmark's database, closing whatever still uses it.</summary>
    public static async Task DropAsync(string serverConnectionString, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(serverConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Users as registration makes them (settings and a default account in EUR, UTC, opened on <paramref name="openingDate"/>),
    /// loaded set-based; the table <c>seed</c> (<c>n</c>, <c>uid</c>, <c>aid</c>) names them.
    /// </summary>
    public static Task SeedUsersAsync(string connectionString, int users, DateOnly openingDate, string emailPrefix) =>
        ExecuteAsync(connectionString, string.Create(CultureInfo.InvariantCulture, $"""
            CREATE TABLE seed AS SELECT n, gen_random_uuid() AS uid, gen_random_uuid() AS aid FROM generate_series(1, {users}) n;
            INSERT INTO users (id, email, normalized_email, password_hash, created_at)
                SELECT uid, '{emailPrefix}' || n || '@example.com', upper('{emailPrefix}') || n || '@EXAMPLE.COM', 'not a hash', now() FROM seed;
            INSERT INTO accounts (id, user_id, name, normalized_name, kind, currency, opening_balance, opening_date, archived,
                                  transactions_total, transaction_count, version, created_at, updated_at)
                SELECT aid, uid, 'Main', 'main', 'checking', 'EUR', 0, DATE '{openingDate:yyyy-MM-dd}', false, 0, 0, gen_random_uuid(), now(), now() FROM seed;
            INSERT INTO user_settings (user_id, base_currency, time_zone, default_account_id, updated_at) SELECT uid, 'EUR', 'UTC', aid, now() FROM seed;
            """));
}

using Npgsql;
using NpgsqlTypes;

namespace DataEngineer.Dags.OrdersEtl;

/// <summary>
/// A stand-in for the shop's order system: schema <c>source</c> in the warehouse database, filled
/// on first use, one UTC day at a time, from a random generator seeded by the date, so every
/// machine sees the same orders: about 60 a weekday and 36 a weekend day (±8%). Realistic mess
/// included: each day has a row without a customer, one without an order id, a duplicated order, a
/// negative amount and a timestamp years in the future; some orders are refunded a day or two later
/// (late updates). <see cref="SourceFaults"/> injects worse: a new status, a volume drop, a late day.
/// </summary>
public static class OrdersSource
{
    private const int CustomerCount = 200;
    private static readonly string[] Countries = ["NL", "DE", "US", "GB", "FR"];
    private static readonly string[] Segments = ["consumer", "business", "enterprise"];
    private static readonly string[] FirstNames = ["Ada", "Bram", "Chen", "Dana", "Emil", "Femke", "Gus", "Hana", "Ivo", "Jule"];
    private static readonly string[] LastNames = ["Jansen", "Müller", "Smith", "Dupont", "Brown", "de Vries", "Kowalski", "Rossi"];

    /// <summary>
    /// Makes sure the source holds every order whose last update falls in <paramref name="from"/>..<paramref name="to"/>,
    /// then applies <paramref name="faults"/> to the orders updated in that range.
    /// </summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, DateTimeOffset from, DateTimeOffset to, SourceFaults faults, CancellationToken ct)
    {
        await EnsureCustomersAsync(connection, ct);

        // Late updates land up to two days after the order was created, so generate two days back.
        var first = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-2);
        var last = DateOnly.FromDateTime(to.UtcDateTime);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            await GenerateDayAsync(connection, day, ct);
        }

        await InjectAsync(connection, from, to, faults, ct);
    }

    /// <summary>Makes sure the source schema and its 200 customers exist (no orders are generated).</summary>
    public static Task EnsureCustomersAsync(NpgsqlConnection connection, CancellationToken ct) => Warehouse.RunDdlAsync(connection, Schema, ct);

    private static async Task InjectAsync(NpgsqlConnection connection, DateTimeOffset from, DateTimeOffset to, SourceFaults faults, CancellationToken ct)
    {
        var statements = new List<string>();
        if (faults.NewStatus)
        {
            statements.Add("UPDATE source.orders SET status = 'on_hold' WHERE updated_at >= @from AND updated_at < @to AND status = 'placed' AND order_id % 3 = 0;");
        }

        if (faults.VolumeDrop)
        {
            statements.Add("DELETE FROM source.orders WHERE updated_at >= @from AND updated_at < @to AND order_id % 5 < 2;");
        }

        if (faults.LateDay)
        {
            statements.Add("UPDATE source.orders SET updated_at = updated_at + interval '1 day', delayed = true WHERE updated_at >= @from AND updated_at < @to AND NOT delayed;");
        }

        if (statements.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(string.Concat(statements), connection);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task GenerateDayAsync(NpgsqlConnection connection, DateOnly day, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var claim = new NpgsqlCommand("INSERT INTO source.generated_days (day) VALUES (@day) ON CONFLICT DO NOTHING", connection, tx))
        {
            claim.Parameters.AddWithValue("day", day);
            if (await claim.ExecuteNonQueryAsync(ct) == 0)
            {
                return;
            }
        }

        var rows = OrdersOf(day);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO source.orders (order_id, customer_id, amount, currency, status, created_at, updated_at)
            SELECT * FROM unnest(@order_id, @customer_id, @amount, @currency, @status, @created_at, @updated_at)
            """, connection, tx))
        {
            insert.Parameters.Add(new NpgsqlParameter("order_id", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => (object?)r.OrderId ?? DBNull.Value).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("customer_id", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => (object?)r.CustomerId ?? DBNull.Value).ToArray() });
            insert.Parameters.AddWithValue("amount", rows.Select(r => r.Amount).ToArray());
            insert.Parameters.AddWithValue("currency", rows.Select(r => r.Currency).ToArray());
            insert.Parameters.AddWithValue("status", rows.Select(r => r.Status).ToArray());
            insert.Parameters.AddWithValue("created_at", rows.Select(r => r.CreatedAt).ToArray());
            insert.Parameters.AddWithValue("updated_at", rows.Select(r => r.UpdatedAt).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static List<SourceOrder> OrdersOf(DateOnly day)
    {
        var random = new Random(day.DayNumber);
        var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var count = (int)Math.Round((weekend ? 36 : 60) * (0.92 + (0.16 * random.NextDouble())));
        var rows = new List<SourceOrder>(count + 5);
        for (var i = 0; i < count; i++)
        {
            var customer = 1 + random.Next(CustomerCount);
            var created = midnight.AddSeconds(random.Next(86_400));
            var refunded = random.NextDouble() < 0.06;
            var status = refunded ? "refunded" : PickStatus(random.NextDouble());
            var updated = refunded ? created.AddHours(24 + random.Next(24)) : created.AddMinutes(random.Next(1, 90));
            rows.Add(new SourceOrder(0, (day.DayNumber * 1000L) + i, customer, Math.Round(5 + ((decimal)random.NextDouble() * 495), 2),
                CurrencyOf(customer), status, created, updated));
        }

        // The day's dirty rows, at fixed offsets within the day so they stay inside its intervals.
        var template = rows[random.Next(rows.Count)];
        var at = midnight.AddHours(12);
        rows.Add(template with { OrderId = (day.DayNumber * 1000L) + 900, CustomerId = null, CreatedAt = at, UpdatedAt = at });
        rows.Add(template with { OrderId = null, CreatedAt = at, UpdatedAt = at });
        rows.Add(template);
        rows.Add(template with { OrderId = (day.DayNumber * 1000L) + 901, Amount = -template.Amount, CreatedAt = at, UpdatedAt = at });
        rows.Add(template with { OrderId = (day.DayNumber * 1000L) + 902, CreatedAt = at.AddYears(10), UpdatedAt = at });
        return rows;
    }

    private static string PickStatus(double p) => p switch
    {
        < 0.20 => "placed",
        < 0.50 => "shipped",
        < 0.95 => "delivered",
        _ => "cancelled",
    };

    private static string CurrencyOf(int customerId) => Countries[customerId % Countries.Length] switch
    {
        "US" => "USD",
        "GB" => "GBP",
        _ => "EUR",
    };

    private static string CustomersSql()
    {
        var random = new Random(42);
        var values = Enumerable.Range(1, CustomerCount).Select(id =>
            $"({id}, '{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}', " +
            $"'{Countries[id % Countries.Length]}', '{Segments[random.Next(Segments.Length)]}')");
        return $"INSERT INTO source.customers (customer_id, name, country, segment) VALUES {string.Join(", ", values)} ON CONFLICT DO NOTHING;";
    }

    private static readonly string Schema =
        """
        CREATE SCHEMA IF NOT EXISTS source;
        CREATE TABLE IF NOT EXISTS source.customers (
            customer_id integer PRIMARY KEY,
            name text NOT NULL,
            country text NOT NULL,
            segment text NOT NULL);
        CREATE TABLE IF NOT EXISTS source.orders (
            row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            order_id bigint,
            customer_id integer,
            amount numeric(12, 2) NOT NULL,
            currency text NOT NULL,
            status text NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        ALTER TABLE source.orders ADD COLUMN IF NOT EXISTS delayed boolean NOT NULL DEFAULT false;
        CREATE INDEX IF NOT EXISTS orders_updated_at ON source.orders (updated_at);
        CREATE TABLE IF NOT EXISTS source.generated_days (day date PRIMARY KEY);
        """ + CustomersSql();
}

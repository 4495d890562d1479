using DataEngineer.Core.Governance;
using DataEngineer.Core.Operations;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Postgres;
using ModelContextProtocol;
using Npgsql;

namespace DataEngineer.Host.Mcp;

/// <summary>
/// sample_rows: a few rows of a dataset the DAGs declare, read from its connection (its retention connection, else
/// <c>Warehouse</c>) in a read-only transaction with a short timeout. PII columns are masked for everyone,
/// confidential ones for viewers; undeclared tables are refused, so an assistant cannot read arbitrary tables.
/// </summary>
internal sealed class DatasetSample(McpFacts facts)
{
    public const int MaxRows = 20;

    public async Task<object> ReadAsync(string name, int limit, Role role, CancellationToken ct)
    {
        string table;
        try
        {
            table = SqlIdentifier.Table(name, "argument 'name'");
        }
        catch (InvalidIdentifierException e)
        {
            throw new McpException(e.Message);
        }

        var entry = await facts.Catalog.GetCatalogEntryAsync(name, ct);
        if (entry is null || !entry.IsDeclared)
        {
            throw McpFacts.BadArgument("name", $"'{name}' is not a dataset a loaded DAG declares (TaskOptions.Reads or Writes): only declared datasets can be sampled.");
        }

        var connectionName = entry.Retention?.Connection ?? "Warehouse";
        var connection = facts.Connections.Find(connectionName)
            ?? throw new McpException($"the connection '{connectionName}' that holds {name} is not configured in this process: set it in one of {string.Join(", ", facts.Connections.Where(connectionName))}.");
        var rows = new List<string>();
        try
        {
            await using var db = new NpgsqlConnection(connection.ToConnectionString());
            await db.OpenAsync(ct);
            await using var transaction = await db.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
            await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = 5000", db, transaction))
            {
                await readOnly.ExecuteNonQueryAsync(ct);
            }

            await using var command = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM {table} t LIMIT @limit", db, transaction);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(reader.GetString(0));
            }
        }
        catch (PostgresException e)
        {
            throw new McpException($"reading {name} failed: {e.SqlState}: {e.MessageText}");
        }
        catch (NpgsqlException e)
        {
            throw new McpException($"reading {name} failed: the connection '{connectionName}' could not be used ({e.Message}).");
        }

        var pii = entry.PiiColumns;
        var confidential = role >= Role.Operator ? [] : entry.Columns.Where(c => c.Classification == DataClassification.Confidential).Select(c => c.Name).ToList();
        var masker = new PiiMasker(pii.Concat(confidential));
        return new
        {
            dataset = name,
            rows = rows.Select(r => McpFacts.Parsed(masker.MaskRow(name, r))),
            masked_columns = pii.Concat(confidential).Order(StringComparer.Ordinal),
            note = rows.Count == limit ? $"capped: the first {limit} rows (at most {MaxRows}); this is a sample, not the table" : null,
        };
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// Which PostgreSQL type changes a data contract accepts: the same type, or a widening a consumer cannot notice.
/// Types are compared as <c>format_type</c> spells them, with the usual aliases understood (<c>int</c>, <c>int8</c>,
/// <c>varchar(n)</c>, <c>decimal</c>, <c>timestamptz</c>, <c>bool</c>, <c>float8</c> ...). Widenings:
/// <list type="bullet">
/// <item><c>smallint</c> &lt; <c>integer</c> &lt; <c>bigint</c> &lt; <c>numeric</c> (or <c>numeric(p,s)</c> with room for the digits);
/// <c>smallint</c>/<c>integer</c> to <c>double precision</c>, <c>smallint</c> to <c>real</c>, <c>real</c> to <c>double precision</c>.</item>
/// <item><c>numeric(p,s)</c> to <c>numeric(p2,s2)</c> with <c>s2 &gt;= s</c> and <c>p2-s2 &gt;= p-s</c>, or to unconstrained <c>numeric</c>.</item>
/// <item><c>varchar(n)</c> or <c>character(n)</c> to <c>varchar(m &gt;= n)</c>, unbounded <c>varchar</c> or <c>text</c>; <c>text</c> and unbounded <c>varchar</c> both ways.</item>
/// <item><c>timestamp</c> to <c>timestamptz</c>, <c>time</c> to <c>timetz</c>, <c>date</c> to either timestamp, and a higher fractional-second precision.</item>
/// </list>
/// Anything else (<c>bigint</c> to <c>integer</c>, <c>text</c> to <c>integer</c>, <c>timestamptz</c> to <c>timestamp</c>) breaks the contract.
/// </summary>
public static partial class ContractTypes
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["int"] = "integer", ["int4"] = "integer", ["int2"] = "smallint", ["int8"] = "bigint", ["decimal"] = "numeric",
        ["varchar"] = "character varying", ["char"] = "character", ["bpchar"] = "character", ["bool"] = "boolean",
        ["float"] = "double precision", ["float8"] = "double precision", ["float4"] = "real",
    };

    private static readonly string[] Integers = ["smallint", "integer", "bigint"];
    private static readonly int[] IntegerDigits = [5, 10, 19];

    /// <summary>A type as <c>format_type</c> spells it, e.g. <c>VARCHAR(20)</c> -> <c>character varying(20)</c>, <c>timestamptz</c> -> <c>timestamp with time zone</c>.</summary>
    public static string Normalize(string type) => Parse(type).ToString();

    /// <summary>Whether a column declared <paramref name="declared"/> may now be <paramref name="actual"/> without breaking its consumers.</summary>
    public static bool IsCompatible(string declared, string actual)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(actual);
        var d = Parse(declared);
        var a = Parse(actual);
        if (d == a)
        {
            return true;
        }

        if (d.Array || a.Array)
        {
            return false;
        }

        var dRank = Array.IndexOf(Integers, d.Name);
        if (dRank >= 0)
        {
            var aRank = Array.IndexOf(Integers, a.Name);
            return aRank >= dRank
                || (a.Name == "numeric" && (a.Precision is null || a.Precision - (a.Scale ?? 0) >= IntegerDigits[dRank]))
                || (a.Name == "double precision" && dRank <= 1)
                || (a.Name == "real" && dRank == 0);
        }

        return d.Name switch
        {
            "numeric" => a.Name == "numeric" && (a.Precision is null || (d.Precision is { } p && (a.Scale ?? 0) >= (d.Scale ?? 0) && a.Precision - (a.Scale ?? 0) >= p - (d.Scale ?? 0))),
            "real" => a.Name == "double precision",
            "character varying" or "character" => a.Name == "text" || (a.Name == "character varying" && (a.Precision is null || (d.Precision is { } n && a.Precision >= n))),
            "text" => a.Name == "character varying" && a.Precision is null,
            "date" => a.Name == "timestamp",
            "timestamp" or "time" => a.Name == d.Name && (d.Zone == a.Zone || a.Zone == " with time zone") && (a.Precision ?? 6) >= (d.Precision ?? 6),
            _ => false,
        };
    }

    private static PgType Parse(string type)
    {
        var text = Spaces().Replace(type.Trim().ToLowerInvariant(), " ");
        var match = Shape().Match(text);
        if (!match.Success)
        {
            return new PgType(text, null, null, "", false);
        }

        var name = match.Groups["name"].Value.Trim();
        var zone = match.Groups["zone"].Value;
        (name, zone) = name switch
        {
            "timestamptz" => ("timestamp", " with time zone"),
            "timetz" => ("time", " with time zone"),
            "timestamp" or "time" => (name, zone.Length == 0 ? " without time zone" : zone),
            _ => (Aliases.GetValueOrDefault(name, name), zone),
        };
        int? precision = match.Groups["p"].Success ? int.Parse(match.Groups["p"].Value, CultureInfo.InvariantCulture) : null;
        int? scale = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : null;
        if (name == "numeric" && precision is not null && scale is null)
        {
            scale = 0;
        }

        if (name == "character" && precision is null)
        {
            precision = 1;
        }

        return new PgType(name, precision, scale, zone, match.Groups["array"].Success);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?<name>[a-z][a-z0-9_ ]*?)\s?(\(\s?(?<p>\d+)\s?(,\s?(?<s>\d+)\s?)?\))?(?<zone> with time zone| without time zone)?(?<array>\[\])?$")]
    private static partial Regex Shape();

    private sealed record PgType(string Name, int? Precision, int? Scale, string Zone, bool Array)
    {
        public override string ToString() =>
            Name + (Precision is { } p ? Scale is { } s ? $"({p},{s})" : $"({p})" : "") + Zone + (Array ? "[]" : "");
    }
}

using System.Net;
using Microsoft.Extensions.Logging;
using System.Text.RegularExpressions;

namespace DataEngineer.Sdk;

/// <summary>
/// The common pokes for <see cref="DagBuilder.Sensor(string, Func{TaskContext, Task{bool}}, SensorOptions?, TaskOptions?)"/>:
/// a file arrived, an HTTP endpoint answers as expected, a dataset is fresh. A SQL query returning a truthy row is
/// <c>SqlSensors.RowExists</c> in DataEngineer.Sdk.Postgres. Each poke logs what it looked for.
/// </summary>
public static class Sensors
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Met when a file under <paramref name="directory"/> matches <paramref name="pattern"/>, a glob relative to it:
    /// <c>*</c> and <c>?</c> match within one folder name, <c>**</c> across folders (<c>orders_*.csv</c>,
    /// <c>**/part-*.parquet</c>). A directory that does not exist yet is not met.
    /// </summary>
    /// <param name="directory">The folder to look in.</param>
    /// <param name="pattern">The glob the file's path, relative to <paramref name="directory"/> with <c>/</c> separators, must match.</param>
    /// <exception cref="ArgumentException">The directory or the pattern is empty.</exception>
    public static Func<TaskContext, Task<bool>> FileExists(string directory, string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var glob = GlobRegex(pattern);
        var deep = pattern.Contains('/', StringComparison.Ordinal);
        return ctx =>
        {
            var found = Directory.Exists(directory)
                ? Directory.EnumerateFiles(directory, "*", deep ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                    .FirstOrDefault(path => glob.IsMatch(Path.GetRelativePath(directory, path).Replace('\\', '/')))
                : null;
            ctx.Logger.LogInformation("{Poke}", found is null ? $"No file matches '{pattern}' in {directory} yet." : $"Found {found}.");
            return Task.FromResult(found is not null);
        };
    }

    /// <summary>
    /// Met when a GET of <paramref name="url"/> answers <paramref name="status"/> (default 200) and, when
    /// <paramref name="body"/> is given, its body passes it. A connection error or another status is not met.
    /// </summary>
    /// <param name="url">The absolute URL to poll.</param>
    /// <param name="status">The status code to wait for.</param>
    /// <param name="body">A check of the response body, e.g. <c>b => b.Contains("\"ready\":true")</c>.</param>
    /// <exception cref="ArgumentException">The URL is not absolute.</exception>
    public static Func<TaskContext, Task<bool>> HttpAnswers(Uri url, HttpStatusCode status = HttpStatusCode.OK, Func<string, bool>? body = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The sensor's URL '{url}' must be absolute, e.g. https://api.example.com/health.", nameof(url));
        }

        return async ctx =>
        {
            try
            {
                using var response = await Http.GetAsync(url, ctx.CancellationToken);
                var met = response.StatusCode == status && (body is null || body(await response.Content.ReadAsStringAsync(ctx.CancellationToken)));
                ctx.Logger.LogInformation("{Poke}", $"GET {url} answered {(int)response.StatusCode}; waiting for {(int)status}{(body is null ? "" : " and a matching body")}: {(met ? "met" : "not yet")}.");
                return met;
            }
            catch (HttpRequestException e)
            {
                ctx.Logger.LogInformation("{Poke}", $"GET {url} failed: {e.Message}; poking again later.");
                return false;
            }
        };
    }

    /// <summary>
    /// Met when the engine's record of <paramref name="dataset"/> is fresh as of <paramref name="since"/> or later (its
    /// freshness column's maximum, else its last write), e.g. <c>ctx => ctx.DataInterval.End</c>: the upstream DAG has
    /// written this run's data. A dataset never written is not met.
    /// </summary>
    /// <param name="dataset">The dataset's name, e.g. <c>warehouse.fact_orders</c>.</param>
    /// <param name="since">The point in time the dataset must be fresh as of, from the run (its data interval, ...).</param>
    public static Func<TaskContext, Task<bool>> DatasetFresherThan(string dataset, Func<TaskContext, DateTimeOffset> since)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        ArgumentNullException.ThrowIfNull(since);
        return async ctx =>
        {
            var wanted = since(ctx);
            var freshAsOf = await ctx.GetDatasetFreshAsOfAsync(dataset);
            var met = freshAsOf >= wanted;
            ctx.Logger.LogInformation("{Poke}", $"Dataset {dataset} is fresh as of {freshAsOf?.ToString("u") ?? "never"}; waiting for {wanted:u}: {(met ? "met" : "not yet")}.");
            return met;
        };
    }

    private static Regex GlobRegex(string pattern)
    {
        var regex = Regex.Escape(pattern.Replace('\\', '/'))
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{regex}$", RegexOptions.CultureInvariant);
    }
}

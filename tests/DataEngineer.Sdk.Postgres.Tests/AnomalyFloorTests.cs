using System.Globalization;
using DataEngineer.Core.Quality;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>Why the detector has a relative floor: on real daily data, median and MAD alone flag ordinary days.</summary>
public sealed class AnomalyFloorTests
{
    [Fact]
    public void RealWeather_MadAlone_FlagsOrdinaryDays_TheDefaultFloorDoesNot()
    {
        var volumes = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "seattle-weather.csv")).Skip(1)
            .Select(line => (long)Math.Round((double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture) + 273.15) * 10))
            .ToList();

        int Flagged(RowCountAnomalyOptions options) => Enumerable.Range(options.History, volumes.Count - options.History)
            .Count(i => RowCountAnomalyDetector.Evaluate(volumes[(i - options.History)..i], volumes[i], options) is { IsAnomaly: true });

        Assert.InRange(Flagged(new RowCountAnomalyOptions { MinRelativeDeviation = 0 }), 20, 100);
        Assert.Equal(0, Flagged(new RowCountAnomalyOptions()));
    }
}

using System.Globalization;

namespace DataEngineer.Core.Scheduling;

/// <summary>The set of values one cron field matches.</summary>
internal readonly struct CronField
{
    private readonly ulong _values;

    private CronField(ulong values, bool isStar)
    {
        _values = values;
        IsStar = isStar;
    }

    /// <summary>
    /// Whether the field's text starts with <c>*</c>: Vixie cron's test for an unrestricted day
    /// field, so <c>*/2</c> counts as unrestricted when combining day-of-month and day-of-week.
    /// </summary>
    public bool IsStar { get; }

    public bool Contains(int value) => (_values & (1UL << value)) != 0;

    public static CronField Parse(string expression, string text, CronFieldSpec spec)
    {
        var values = 0UL;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                throw Problem(expression, spec, text, "has an empty list entry");
            }

            values |= ParseItem(expression, text, item, spec);
        }

        // 7 is a second name for Sunday; folding it into 0 lets days match on DayOfWeek directly.
        if (spec == CronFieldSpec.DayOfWeek && (values & (1UL << 7)) != 0)
        {
            values = (values & ~(1UL << 7)) | 1UL;
        }

        return new CronField(values, text.StartsWith('*'));
    }

    private static ulong ParseItem(string expression, string text, string item, CronFieldSpec spec)
    {
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        var rangeText = slash < 0 ? item : item[..slash];
        var step = 1;
        if (slash >= 0)
        {
            var stepText = item[(slash + 1)..];
            if (!IsDigits(stepText))
            {
                throw Problem(expression, spec, text, $"has step '{stepText}', which is not a number");
            }

            // A step larger than the range just keeps the first value, as in Vixie cron.
            step = int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? Math.Min(parsed, spec.Max + 1)
                : spec.Max + 1;
            if (step == 0)
            {
                throw Problem(expression, spec, text, "has a step of 0; a step must be 1 or more");
            }
        }

        int low;
        int high;
        var dash = rangeText.IndexOf('-', StringComparison.Ordinal);
        if (rangeText == "*")
        {
            low = spec.Min;
            high = spec.OpenEndMax;
        }
        else if (dash < 0)
        {
            low = ParseValue(expression, text, rangeText, spec);
            high = slash < 0 ? low : Math.Max(low, spec.OpenEndMax);
        }
        else
        {
            low = ParseValue(expression, text, rangeText[..dash], spec);
            high = ParseValue(expression, text, rangeText[(dash + 1)..], spec);
            if (low > high)
            {
                throw Problem(
                    expression, spec, text, $"has the reversed range '{rangeText}'; write the lower value first");
            }
        }

        var values = 0UL;
        for (var value = low; value <= high; value += step)
        {
            values |= 1UL << value;
        }

        return values;
    }

    private static int ParseValue(string expression, string text, string valueText, CronFieldSpec spec)
    {
        if (valueText.Length == 0)
        {
            throw Problem(expression, spec, text, "is missing a number");
        }

        if (IsDigits(valueText))
        {
            if (int.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && number >= spec.Min && number <= spec.Max)
            {
                return number;
            }

            var range = $"out of range {spec.Min}-{spec.Max}";
            throw valueText == text
                ? Problem(expression, spec, text, $"is {range}")
                : Problem(expression, spec, text, $"has '{valueText}', which is {range}");
        }

        for (var i = 0; i < spec.ValueNames.Count; i++)
        {
            if (string.Equals(spec.ValueNames[i], valueText, StringComparison.OrdinalIgnoreCase))
            {
                return spec.FirstNamedValue + i;
            }
        }

        var expected = spec.ValueNames.Count == 0
            ? "a number"
            : $"a number or a name {spec.ValueNames[0]}-{spec.ValueNames[^1]}";
        throw Problem(expression, spec, text, $"has '{valueText}', which is not {expected}");
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static ScheduleException Problem(string expression, CronFieldSpec spec, string text, string problem) =>
        ScheduleException.InvalidCron(expression, $"{spec.Name} field '{text}' {problem}");
}

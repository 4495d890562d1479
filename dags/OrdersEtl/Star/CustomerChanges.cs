using System.Globalization;
using System.Text;

namespace DataEngineer.Dags.OrdersEtl.Star;

/// <summary>
/// A deterministic stand-in for customers changing their details in the CRM, so the SCD2 dimension has history to
/// keep: every customer gets an e-mail address derived from their name; customers whose number ends in 0 move their
/// address to another provider every day, and every 25th (7, 32, 57, ...) changes segment every third day. The same
/// day always gives the same state, on every machine.
/// </summary>
public static class CustomerChanges
{
    private static readonly string[] Providers = ["example.com", "mail.example.net", "inbox.example.org"];

    /// <summary>Whether the customer's e-mail provider changes every day.</summary>
    public static bool MovesEmailDaily(int customerId) => customerId % 10 == 0;

    /// <summary>Whether the customer's segment changes every third day.</summary>
    public static bool ChangesSegment(int customerId) => customerId % 25 == 7;

    /// <summary>The state of <paramref name="customer"/> (from source.customers) on <paramref name="day"/>.</summary>
    public static CustomerSnapshot On(DateOnly day, Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var provider = MovesEmailDaily(customer.CustomerId) ? Providers[(customer.CustomerId + day.DayNumber) % Providers.Length] : Providers[0];
        var segment = ChangesSegment(customer.CustomerId)
            ? StarDatasets.Segments[(Array.IndexOf(StarDatasets.Segments, customer.Segment) + (day.DayNumber / 3)) % StarDatasets.Segments.Length]
            : customer.Segment;
        var email = $"{Mailbox(customer.Name)}.{customer.CustomerId}@{provider}";
        return new CustomerSnapshot(day, customer.CustomerId, customer.Name, email, customer.Country, segment);
    }

    // "Femke de Vries" -> "femke.devries", "Bram Müller" -> "bram.muller".
    private static string Mailbox(string name)
    {
        var parts = name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return string.Join('.', parts.Select(Ascii));
    }

    private static string Ascii(string text)
    {
        var letters = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetter(c))
            {
                letters.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
        }

        return letters.ToString();
    }
}

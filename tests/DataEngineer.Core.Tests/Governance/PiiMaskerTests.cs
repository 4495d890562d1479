using DataEngineer.Core.Governance;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Governance;

public sealed class PiiMaskerTests
{
    private static readonly Dataset Customers = new("crm.customers")
    {
        Columns =
        [
            new DatasetColumnSpec("customer_id") { Classification = DataClassification.Internal },
            new DatasetColumnSpec("email") { Classification = DataClassification.Pii },
            new DatasetColumnSpec("full_name") { Classification = DataClassification.Pii },
        ],
    };

    [Theory]
    [InlineData("jane.doe@example.com", "j***@***.com")]
    [InlineData("x@mail.co.uk", "x***@***.uk")]
    [InlineData("Jane Doe", "***")]
    [InlineData("not an@email.com", "***")]
    [InlineData("@example.com", "***")]
    [InlineData("", "***")]
    public void Mask_EmailKeepsFirstCharacterAndLastLabel_OtherValuesHidden(string value, string masked) =>
        Assert.Equal(masked, PiiMask.Of(value));

    [Fact]
    public void MaskRow_PiiColumnsOfItsDataset_MaskedAndOthersKept()
    {
        var masker = new PiiMasker([], PiiColumns.Of([Customers]));

        var row = masker.MaskRow("crm.customers", """{"customer_id": 7, "email": "jane.doe@example.com", "full_name": "Jane Doe", "city": "Zürich"}""");

        Assert.Equal("""{"customer_id":7,"email":"j***@***.com","full_name":"***","city":"Zürich"}""", row);
        // Another dataset's row is not masked by crm.customers' classification.
        Assert.Equal("""{"email": "a@b.cd"}""", masker.MaskRow("sales.leads", """{"email": "a@b.cd"}"""));
    }

    [Fact]
    public void MaskRow_RemembersTheOriginals_ThenMaskedInFreeText()
    {
        var masker = new PiiMasker([], PiiColumns.Of([Customers]));
        masker.MaskRow("crm.customers", """{"customer_id": 7, "email": "jane.doe@example.com", "full_name": "Jane Doe"}""");

        var line = masker.MaskText("Bounce from JANE.DOE@example.com for customer 7 (Jane Doe)");

        Assert.Equal("Bounce from j***@***.com for customer 7 (***)", line);
    }

    [Fact]
    public void MaskJson_PropertiesNamedLikePiiColumns_AnyDepthAndSpelling()
    {
        var masker = new PiiMasker(PiiColumns.Of([Customers]).All);

        var json = masker.MaskJson("""{"batch":[{"customerId":1,"email":"a.b@x.org","fullName":{"first":"Ann","last":"Bee"}}],"count":1}""");

        Assert.Equal("""{"batch":[{"customerId":1,"email":"a***@***.org","fullName":"***"}],"count":1}""", json);
    }

    [Fact]
    public void MaskText_NamedPairsOfPiiColumns_MaskedWithoutHavingSeenThem()
    {
        var masker = new PiiMasker(["email"]);

        var text = masker.MaskText("""row {"email": "ann@x.org", "status": "bad"} and email=bob@y.com; status=ok""");

        Assert.Equal("""row {"email": "a***@***.org", "status": "bad"} and email=b***@***.com; status=ok""", text);
    }

    [Theory]
    [InlineData("not json at all: email=ann@x.org")]
    [InlineData("{\"email\": ")]
    [InlineData("")]
    public void MaskRow_GarbageInput_MaskedAsTextWithoutThrowing(string garbage)
    {
        var masker = new PiiMasker(["email"]);

        var masked = masker.MaskRow("crm.customers", garbage);

        Assert.DoesNotContain("ann@x.org", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPiiDeclared_EverythingUnchanged()
    {
        var masker = new PiiMasker([]);
        const string row = """{"email": "ann@x.org"}""";

        Assert.Same(row, masker.MaskRow("crm.customers", row));
        Assert.Same(row, masker.MaskJson(row));
        Assert.Equal("email=ann@x.org", masker.MaskText("email=ann@x.org"));
    }

    [Fact]
    public void ShortValues_AreNotMaskedInFreeText_Documented()
    {
        var masker = new PiiMasker(["initials"]);
        masker.Observe("JD");

        Assert.Equal("JD went home", masker.MaskText("JD went home"));
    }
}

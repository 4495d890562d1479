using DataEngineer.Core.Alerts;
using DataEngineer.Core.Governance;
using Xunit;

namespace DataEngineer.Core.Tests;

/// <summary>Secrets in the shared masker: sensitive names, URI passwords, the process's known secrets; PII masking unchanged beside them.</summary>
public sealed class SecretMaskingTests
{
    [Theory]
    [InlineData("db_password", true)]
    [InlineData("apiKey", true)]
    [InlineData("X-Auth-Token", true)]
    [InlineData("private.key", true)]
    [InlineData("client_secret", true)]
    [InlineData("region", false)]
    [InlineData("keyboard", false)]
    public void SensitiveNames_MatchAsAirflowDoes(string name, bool sensitive) => Assert.Equal(sensitive, SensitiveNames.IsSensitive(name));

    [Fact]
    public void MaskText_SensitivePairsAndUriPasswords_AreStars_AndTheirValuesAfterwards()
    {
        var masker = new PiiMasker([]);

        Assert.Equal("""{"password": "***", "user": "bob"}""", masker.MaskText("""{"password": "hunter22", "user": "bob"}"""));
        Assert.Equal("Host=db;Password=***;Username=u", masker.MaskText("Host=db;Password=pa55w0rd;Username=u"));
        Assert.Equal("postgresql://etl:***@db:5432/dw", masker.MaskText("postgresql://etl:s3cret%21@db:5432/dw"));
        // Once seen under a sensitive name, the value is masked wherever it appears later.
        Assert.Equal("login with *** failed", masker.MaskText("login with hunter22 failed"));
    }

    [Fact]
    public void MaskJson_RunConf_SensitiveKeysAtAnyDepth()
    {
        var masked = new PiiMasker([]).MaskJson("""{"region":"eu","auth":{"api_key":"k-123456","scopes":["a"]},"token":42}""");

        Assert.Equal("""{"region":"eu","auth":{"api_key":"***","scopes":["a"]},"token":"***"}""", masked);
    }

    [Fact]
    public void SecretValues_AreMaskedInAnyText()
    {
        SecretValues.Add("registered-Secret-61523");

        Assert.Equal("the key is *** ok", new PiiMasker([]).MaskText("the key is registered-Secret-61523 ok"));
        Assert.Equal("""{"note":"***"}""", new PiiMasker([]).MaskJson("""{"note":"registered-Secret-61523"}"""));
    }

    [Fact]
    public void AlertBody_WithoutAnyPiiDeclared_StillHidesSecrets()
    {
        SecretValues.Add("alert-Secret-99231");
        var alert = new AlertEvent
        {
            Key = "k",
            Kind = Sdk.AlertEvents.Failure,
            Summary = "load failed",
            Error = "InvalidOperationException: login failed with alert-Secret-99231; password=also-Hidden-1",
            LogLines = ["connecting with token=abc-Token-777"],
        };

        var masked = PiiAlertMasking.Mask(alert, PiiColumns.Empty);
        var message = AlertMessage.Render(masked, baseUrl: null);

        foreach (var text in new[] { message.Body, message.PayloadJson, message.Subject })
        {
            Assert.DoesNotContain("alert-Secret-99231", text, StringComparison.Ordinal);
            Assert.DoesNotContain("also-Hidden-1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("abc-Token-777", text, StringComparison.Ordinal);
        }
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace DataEngineer.Host.Api;

/// <summary>
/// Requests the framework refuses before an endpoint runs (a body that is not JSON or has a wrong type,
/// a query value that is not a number, a wrong content type, a body too large) become problem details
/// that say which field or parameter and what it should be, instead of a bare 400.
/// </summary>
internal sealed partial class ApiBadRequests : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        if (httpContext.Request.Path.StartsWithSegments(RestApi.Root) && IsInvalidUtf8(exception))
        {
            await ApiErrors.Problem(StatusCodes.Status400BadRequest, InvalidUtf8).ExecuteAsync(httpContext);
            return true;
        }

        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        await ApiErrors.Problem(bad.StatusCode, Describe(bad)).ExecuteAsync(httpContext);
        return true;
    }

    public const string InvalidUtf8 = "The request body is not valid UTF-8 text: a string in it holds bytes that are not UTF-8. Send the JSON encoded as UTF-8.";

    // The serializer checks a string's bytes only when it reads the string, wherever that happens (binding or conf parsing).
    private static bool IsInvalidUtf8(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is System.Text.DecoderFallbackException)
            {
                return true;
            }
        }

        return false;
    }

    public static string Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var where = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $" at {json.Path}";
            var converted = Conversion().Match(json.Message);
            var problem = converted.Success ? $"give {Wanted(FieldType(converted.Groups["type"].Value, json.Path))}" : FirstSentence(json.Message);
            return $"The request body is not what this endpoint takes{where}: {problem}. Send a JSON object; the OpenAPI document ({RestApi.Prefix}/openapi.json) shows its fields.";
        }

        if (Binding().Match(bad.Message) is { Success: true } binding)
        {
            return $"The parameter {binding.Groups["name"].Value} is '{binding.Groups["value"].Value}'; give {Wanted(binding.Groups["type"].Value)}.";
        }

        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal)
            || (bad.Message.StartsWith("Required parameter", StringComparison.Ordinal) && bad.Message.Contains("from body", StringComparison.Ordinal)))
        {
            return "The request needs a JSON body. Send a JSON object; the OpenAPI document shows its fields.";
        }

        return bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ApiProblemDefaults.TooLarge,
            StatusCodes.Status415UnsupportedMediaType => $"{bad.Message} Send the body as JSON with Content-Type: application/json.",
            _ => bad.Message,
        };
    }

    // The serializer names the request type when a constructor parameter fails: find the field's own type by its JSON name.
    private static string FieldType(string type, string? path)
    {
        var field = path?.Split('.').LastOrDefault();
        if (field is null || field == "$" || typeof(ApiBadRequests).Assembly.GetType(type) is not { } request)
        {
            return type;
        }

        var property = request.GetProperties().FirstOrDefault(p => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == field);
        return property?.PropertyType.ToString() ?? type;
    }

    private static string Wanted(string type) => type switch
    {
        _ when type.Contains("DateTimeOffset", StringComparison.Ordinal) || type.Contains("DateTime", StringComparison.Ordinal) => "an ISO 8601 date or instant such as 2024-01-01T00:00:00Z",
        _ when type.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true or false",
        _ when type.Contains("int", StringComparison.OrdinalIgnoreCase) => $"a whole number from 0 to {int.MaxValue}",
        _ when type.Contains("[]", StringComparison.Ordinal) || type.Contains("List", StringComparison.Ordinal) => "an array",
        _ when type.Contains("string", StringComparison.OrdinalIgnoreCase) => "a string",
        _ when type.Contains("Request", StringComparison.Ordinal) => "a JSON object",
        _ => "a value of the documented type",
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    [GeneratedRegex("could not be converted to (?<type>[^ ]+?)\\.? Path:")]
    private static partial Regex Conversion();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^ ]+) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex Binding();
}

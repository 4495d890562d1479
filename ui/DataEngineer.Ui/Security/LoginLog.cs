using Microsoft.Extensions.Logging;

namespace DataEngineer.Ui.Security;

/// <summary>The engine log's login events (event ids 7001-7005), for alerting on brute force in a log pipeline.</summary>
public static partial class LoginLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Login of {User} from {Address} succeeded")]
    public static partial void Succeeded(ILogger logger, string user, string address);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Login as {User} from {Address} failed: wrong user name or password")]
    public static partial void Failed(ILogger logger, string user, string address);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Login as {User} from {Address} refused: too many attempts, locked out until {Until:u}")]
    public static partial void LockedOut(ILogger logger, string user, string address, DateTimeOffset until);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "{User} logged out: every session of theirs ended")]
    public static partial void LoggedOut(ILogger logger, string user);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "{Actor} revoked every session of {User}")]
    public static partial void Revoked(ILogger logger, string actor, string user);
}

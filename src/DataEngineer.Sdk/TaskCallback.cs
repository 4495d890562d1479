namespace DataEngineer.Sdk;

/// <summary>
/// Custom code run after a try ends (<see cref="TaskOptions.OnFailure"/>, <see cref="TaskOptions.OnRetry"/>,
/// <see cref="TaskOptions.OnSuccess"/>). It runs on the worker after the try is recorded, off the task's
/// path, and is cancelled after <see cref="TaskOptions.CallbackTimeout"/>. An exception or a timeout is
/// logged and written to the try's log; it never changes the task's state.
/// </summary>
public delegate Task TaskCallback(TaskCallbackContext context);

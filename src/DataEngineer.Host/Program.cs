using DataEngineer.Host.Cli;

return await CliApp.RunAsync(args, CliEnvironment.FromProcess());

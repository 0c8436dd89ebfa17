using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;

namespace CadcPS.Tests.Infrastructure
{
    /// <summary>
    /// A real PowerShell runspace with out/CadcPS imported by path, as a user imports it.
    /// Every test gets its own runspace, hence its own CadcPS session state.
    /// </summary>
    internal sealed class Engine : IDisposable
    {
        private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(120);

        static Engine()
        {
            // The conflicting dependency must be in the default context before the module arrives.
            ConflictingDependency.Load();
            // Every session in this process finds the sandbox through its registry, as a user's would find CADC's.
            // Process-wide, so set once here and never changed by a test.
            Environment.SetEnvironmentVariable("CADC_REGISTRY_URL", Sandbox.RegistryUrl);
        }

        private readonly Runspace _runspace;

        public Engine(bool import = true, System.Management.Automation.Host.PSHost? host = null)
        {
            _runspace = host is null
                ? RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2())
                : RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
            _runspace.Open();
            if (import)
            {
                var r = Run($"Import-Module '{Repo.ModuleManifest}' -ErrorAction Stop");
                if (r.Errors.Count > 0) throw new InvalidOperationException("Import-Module failed: " + r.Errors[0]);
            }
        }

        public Runspace Runspace => _runspace;

        /// <summary>Script variables for <see cref="Run"/>: Vars(("q", adql), ("u", url)).</summary>
        public static Dictionary<string, object?> Vars(params (string Name, object? Value)[] variables)
            => variables.ToDictionary(v => v.Name, v => v.Value);

        /// <summary>An engine for tests that need the sandbox: fails with how to start it when it is down.</summary>
        public static Engine ForSandbox()
        {
            Sandbox.Require();
            return new Engine();
        }

        /// <summary>Runs <paramref name="script"/> to its end (or fails the test after a time limit) and collects every stream.</summary>
        public RunResult Run(string script, IDictionary<string, object?>? variables = null, TimeSpan? limit = null)
        {
            using var ps = Create(script, variables);
            var result = new RunResult(ps);
            var async = ps.BeginInvoke<PSObject, PSObject>(null, result.Output);
            if (!async.AsyncWaitHandle.WaitOne(limit ?? DefaultLimit))
            {
                ps.Stop();
                throw new TimeoutException($"Script did not finish in {(limit ?? DefaultLimit).TotalSeconds} s: {script}");
            }
            try { ps.EndInvoke(async); }
            catch (RuntimeException ex) { result.Terminating = ex; }
            result.Collect();
            return result;
        }

        public PowerShell Create(string script, IDictionary<string, object?>? variables = null)
        {
            var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            if (variables != null)
                foreach (var v in variables) _runspace.SessionStateProxy.SetVariable(v.Key, v.Value);
            ps.AddScript(script);
            return ps;
        }

        public void Dispose() => _runspace.Dispose();
    }

    internal sealed class RunResult
    {
        private readonly PowerShell _ps;

        public RunResult(PowerShell ps) => _ps = ps;

        public PSDataCollection<PSObject> Output { get; } = new PSDataCollection<PSObject>();
        public List<ErrorRecord> Errors { get; } = new List<ErrorRecord>();
        public List<string> Warnings { get; } = new List<string>();
        public List<string> Verbose { get; } = new List<string>();
        public List<string> Debug { get; } = new List<string>();
        public List<string> Information { get; } = new List<string>();
        public RuntimeException? Terminating { get; set; }

        /// <summary>Every error, non-terminating and terminating.</summary>
        public IEnumerable<ErrorRecord> AllErrors => Terminating?.ErrorRecord is { } t ? Errors.Append(t) : Errors;

        internal void Collect()
        {
            Errors.AddRange(_ps.Streams.Error);
            Warnings.AddRange(_ps.Streams.Warning.Select(w => w.Message));
            Verbose.AddRange(_ps.Streams.Verbose.Select(v => v.Message));
            Debug.AddRange(_ps.Streams.Debug.Select(d => d.Message));
            Information.AddRange(_ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? ""));
        }

        /// <summary>Fails unless the script ran without any error.</summary>
        public RunResult AssertNoErrors()
        {
            var all = AllErrors.ToList();
            if (all.Count > 0)
                throw new Xunit.Sdk.XunitException("Unexpected errors:\n" + string.Join("\n", all.Select(e => $"[{e.FullyQualifiedErrorId}] {e.Exception.Message}")));
            return this;
        }

        public ErrorRecord SingleError()
        {
            var all = AllErrors.ToList();
            if (all.Count != 1)
                throw new Xunit.Sdk.XunitException($"Expected one error, got {all.Count}:\n" + string.Join("\n", all.Select(e => $"[{e.FullyQualifiedErrorId}] {e.Exception.Message}")));
            return all[0];
        }

        public static object? Value(PSObject row, string property) => row.Properties[property]?.Value is PSObject p ? p.BaseObject : row.Properties[property]?.Value;
    }

    /// <summary>An old Microsoft.Extensions.DependencyInjection.Abstractions (2.2) in the default load context, as another module might bring.</summary>
    internal static class ConflictingDependency
    {
        public static System.Reflection.Assembly Assembly { get; private set; } = null!;

        public static void Load()
        {
            Assembly = typeof(Microsoft.Extensions.DependencyInjection.ServiceDescriptor).Assembly;
            _ = Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton(typeof(string), "loaded first");
        }
    }
}

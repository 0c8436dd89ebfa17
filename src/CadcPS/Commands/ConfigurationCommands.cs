using System;
using System.Management.Automation;
using System.Threading;
using Cadc.Core;
using CadcPS.Infrastructure;

namespace CadcPS.Commands
{
    /// <summary>What Get-CadcConfiguration shows: this runspace's defaults for every command (a command's own -TimeoutSec wins).</summary>
    public sealed class CadcConfigurationInfo
    {
        internal CadcConfigurationInfo(CadcConfiguration configuration)
        {
            TimeoutSec = Seconds(configuration.Timeout);
            QueryTimeoutSec = Seconds(configuration.QueryTimeout);
            DocumentCacheSec = (int)Math.Min(int.MaxValue, configuration.DocumentCacheLifetime.TotalSeconds);
            DocumentCacheFolder = configuration.DocumentCacheFolder;
        }

        /// <summary>Seconds a request waits for a service to answer, and between reads of an answer; 0: no limit.</summary>
        public int TimeoutSec { get; }

        /// <summary>Seconds a synchronous TAP query may run before its answer starts (never less than TimeoutSec); 0: no limit.</summary>
        public int QueryTimeoutSec { get; }

        /// <summary>Seconds the registry and capabilities documents are kept on disk for later sessions; 0: not kept.</summary>
        public int DocumentCacheSec { get; }

        /// <summary>Where they are kept (and CadcPS's record of the files it saved).</summary>
        public string DocumentCacheFolder { get; }

        internal static int Seconds(TimeSpan timeout)
            => timeout == Timeout.InfiniteTimeSpan ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalSeconds));
    }

    /// <summary>Get-CadcConfiguration: this runspace's defaults (timeouts) that Set-CadcConfiguration changes.</summary>
    [Cmdlet(VerbsCommon.Get, "CadcConfiguration")]
    [OutputType(typeof(CadcConfigurationInfo))]
    public sealed class GetCadcConfigurationCommand : CadcCmdlet
    {
        private protected override bool PrepareEnd()
        {
            WriteObject(new CadcConfigurationInfo(Session().Configuration));
            return false;
        }
    }

    /// <summary>
    /// Set-CadcConfiguration: this runspace's defaults for every later command, e.g. once at the top of a script.
    /// A command's own -TimeoutSec still wins for that command.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CadcConfiguration")]
    [OutputType(typeof(CadcConfigurationInfo))]
    public sealed class SetCadcConfigurationCommand : CadcCmdlet
    {
        /// <summary>Seconds a request waits for a service to answer, and between reads of an answer; 0: no limit. Default 30.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? TimeoutSec { get; set; }

        /// <summary>Seconds a synchronous TAP query may run before its answer starts; 0: no limit. Default 600 (CADC's executionDuration).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? QueryTimeoutSec { get; set; }

        /// <summary>Seconds the registry and capabilities documents are kept on disk for later sessions and processes; 0: not kept. Default 600.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? DocumentCacheSec { get; set; }

        /// <summary>Write the configuration as it now is (as Get-CadcConfiguration shows it).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override bool PrepareEnd()
        {
            var configuration = Session().Configuration;
            if (RemoteCmdlet.AsTimeout(TimeoutSec) is TimeSpan timeout) configuration.Timeout = timeout;
            if (RemoteCmdlet.AsTimeout(QueryTimeoutSec) is TimeSpan query) configuration.QueryTimeout = query;
            if (DocumentCacheSec is int cache) configuration.DocumentCacheLifetime = TimeSpan.FromSeconds(cache);
            if (PassThru) WriteObject(new CadcConfigurationInfo(configuration));
            return false;
        }
    }
}

using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Cadc.Core;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Finds the CadcContext of the runspace running a command. It is reached through a global variable, not the
    /// Runspace object: PowerShell resets a runspace it reuses (ForEach-Object -Parallel) by clearing its variables,
    /// and a login made in one iteration must not be the identity of the next.
    /// </summary>
    internal static class RunspaceSession
    {
        internal const string VariableName = "CadcPSSession";
        private const string Qualified = "global:" + VariableName;

        /// <summary>For code that has no SessionState of its own (argument completers), on the pipeline thread;
        /// null when no runspace is running there.</summary>
        public static CadcContext? OfCurrentRunspace()
        {
            if (Runspace.DefaultRunspace is null) return null;
            var state = ScriptBlock.Create("$ExecutionContext.SessionState").Invoke().FirstOrDefault()?.BaseObject as SessionState;
            return state is null ? null : Of(state.PSVariable);
        }

        public static CadcContext Of(PSVariableIntrinsics variables)
        {
            if (!(variables.GetValue(Qualified) is SessionHandle handle))
            {
                handle = new SessionHandle();
                variables.Set(Qualified, handle);
                var variable = variables.Get(Qualified);
                if (variable != null) variable.Description = "CadcPS: this runspace's session (Get-CadcSession shows it)";
            }
            return CadcContext.For(handle);
        }

        /// <summary>The key of one session; all a user sees of it is this text.</summary>
        private sealed class SessionHandle
        {
            public override string ToString() => "CadcPS session (see Get-CadcSession)";
        }
    }
}

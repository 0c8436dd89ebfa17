using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Cadc.Core;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// What a completer reads from a service, for the registry and service typed on the same line, within a few
    /// seconds. A read that failed (an unreachable registry, a service that does not answer) is remembered for
    /// a minute per session and thing read, so that each further Tab answers at once instead of waiting again.
    /// </summary>
    internal static class CompleterSource
    {
        internal static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);
        internal static readonly TimeSpan FailureMemory = TimeSpan.FromMinutes(1);

        // Per session (CadcContext): failures of one runspace do not silence another's completion.
        private static readonly ConditionalWeakTable<CadcContext, ConcurrentDictionary<string, DateTime>> Failures = new ConditionalWeakTable<CadcContext, ConcurrentDictionary<string, DateTime>>();

        /// <summary>
        /// <paramref name="read"/>'s answer, or default when there is no session, the same read failed less than a
        /// minute ago, or it fails or takes longer than <see cref="Limit"/> now. Completion must never hang the prompt.
        /// </summary>
        internal static T? Read<T>(string what, IDictionary fakeBoundParameters, Func<CadcCall, Task<T>> read) where T : class
        {
            var context = RunspaceSession.OfCurrentRunspace();
            if (context is null) return null;
            var failures = Failures.GetOrCreateValue(context);
            using var cts = new CancellationTokenSource(Limit);
            string key;
            CadcCall call;
            try
            {
                call = CollectionCompleter.CallFor(context, fakeBoundParameters, cts.Token);
                key = what + " " + call.KeyOf(call.Service ?? context.Configuration.TapService);
            }
            catch (Exception) { return null; } // an unusable -RegistryUrl on the line: nothing to offer
            if (failures.TryGetValue(key, out var failedAt) && DateTime.UtcNow - failedAt < FailureMemory) return null;
            try
            {
                // On the thread pool, so that no synchronization context of the host can hold up the wait.
                var task = Task.Run(() => read(call), cts.Token);
                if (!task.Wait(Limit))
                {
                    // Ends the request now: a disposed source's timer would never fire, and the read would go on.
                    cts.Cancel();
                    throw new TimeoutException();
                }
                var value = task.Result;
                failures.TryRemove(key, out _);
                return value;
            }
            catch (Exception)
            {
                failures[key] = DateTime.UtcNow;
                return null;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace CadcPS.Tests.Infrastructure
{
    /// <summary>An interactive host whose user answers credential prompts with a given credential (and records them).</summary>
    internal sealed class PromptingHost : PSHost
    {
        private readonly PromptingUI _ui;

        public PromptingHost(PSCredential answer) => _ui = new PromptingUI(answer);

        /// <summary>The captions of the credential prompts shown.</summary>
        public List<string> Prompts => _ui.Prompts;

        public override string Name => "CadcPS.Tests.PromptingHost";
        public override Version Version { get; } = new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }

        private sealed class PromptingUI : PSHostUserInterface
        {
            private readonly PSCredential _answer;

            public PromptingUI(PSCredential answer) => _answer = answer;

            public List<string> Prompts { get; } = new List<string>();

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
            {
                Prompts.Add(caption);
                return _answer;
            }

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
                => PromptForCredential(caption, message, userName, targetName);

            public override PSHostRawUserInterface? RawUI => null;
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
            public override string ReadLine() => throw new NotSupportedException();
            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
            public override void Write(string value) { }
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
            public override void WriteLine(string value) { }
            public override void WriteErrorLine(string value) { }
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }
        }
    }
}

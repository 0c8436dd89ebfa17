using System;
using System.Collections.Generic;

namespace CadcPS.HelpGen
{
    /// <summary>Errors in MSBuild's canonical format (file(line): error CODE: text), so the build lists them like compiler errors.</summary>
    internal sealed class Diagnostics
    {
        public const string UpdateHint = " To regenerate SYNTAX and the yaml blocks from the cmdlets: pwsh ./build.ps1 -Task UpdateHelp"
            + " (without pwsh: dotnet build Cadc.sln -c Release -p:SkipModuleHelp=true, then dotnet tools/CadcPS.HelpGen/bin/Release/net10.0/CadcPS.HelpGen.dll --update-markdown).";

        private readonly List<string> _errors = new List<string>();

        public int Count => _errors.Count;

        public void Error(string path, int line, string message) => _errors.Add($"{path}({line}): error CADCHELP: {message}");

        public void Error(string message) => _errors.Add($"CadcPS.HelpGen : error CADCHELP: {message}");

        public void Print()
        {
            foreach (var e in _errors) Console.Error.WriteLine(e);
        }
    }
}

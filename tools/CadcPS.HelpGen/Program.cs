using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using CadcPS.HelpGen;

// CadcPS.HelpGen [--module out/CadcPS] [--docs docs/en-US] [--out <module>/en-US] [--update-markdown]
// Imports the built module, checks docs/en-US/*.md against its cmdlets and writes en-US/CadcPS.dll-Help.xml
// and the about_*.help.txt topics. Any documentation error is printed and the exit code is 1 (the build fails).
// --update-markdown first rewrites the generated parts of the markdown (SYNTAX, yaml blocks, missing parameter
// sections and files as placeholders) from the cmdlets, then checks and writes as usual.
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
var update = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--update-markdown") update = true;
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length) options[args[i].Substring(2)] = args[++i];
    else
    {
        Console.Error.WriteLine($"unknown argument '{args[i]}'. Usage: CadcPS.HelpGen [--module <folder>] [--docs <folder>] [--out <folder>] [--update-markdown]");
        return 2;
    }
}
var root = FindRoot();
var moduleFolder = Path.GetFullPath(options.GetValueOrDefault("module") ?? Path.Combine(root, "out", "CadcPS"));
var docsFolder = Path.GetFullPath(options.GetValueOrDefault("docs") ?? Path.Combine(root, "docs", "en-US"));
var outFolder = Path.GetFullPath(options.GetValueOrDefault("out") ?? Path.Combine(moduleFolder, "en-US"));
var manifest = Path.Combine(moduleFolder, "CadcPS.psd1");
var d = new Diagnostics();
if (!File.Exists(manifest)) { d.Error($"{manifest} does not exist: build the module first (dotnet build Cadc.sln -c Release)."); d.Print(); return 1; }
if (!Directory.Exists(docsFolder)) { d.Error($"{docsFolder} does not exist: the help is written there, one markdown file per cmdlet."); d.Print(); return 1; }

var models = LoadCmdlets(manifest);
var utf8 = new UTF8Encoding(false);
var helps = new List<CmdletHelp>();
foreach (var model in models)
{
    var path = Path.Combine(docsFolder, model.Name + ".md");
    if (!File.Exists(path))
    {
        if (update)
        {
            File.WriteAllText(path, CmdletHelp.Skeleton(model, path), utf8);
            Console.WriteLine($"created {path}: fill in its placeholders");
        }
        else
        {
            d.Error(path, 1, $"{model.Name} has no help: write {Path.GetFileName(path)} in platyPS markdown (pwsh ./build.ps1 -Task UpdateHelp starts one from the cmdlet, with placeholders to fill in).");
            continue;
        }
    }
    var help = new CmdletHelp(model, CmdletDoc.Load(path));
    if (update)
    {
        var text = help.UpdatedMarkdown();
        if (text != File.ReadAllText(path).Replace("\r\n", "\n"))
        {
            File.WriteAllText(path, text, utf8);
            Console.WriteLine($"updated {path}");
        }
        help = new CmdletHelp(model, CmdletDoc.Load(path));
    }
    help.Check(d);
    helps.Add(help);
}
var names = new HashSet<string>(models.Select(m => m.Name), StringComparer.OrdinalIgnoreCase);
foreach (var md in Directory.GetFiles(docsFolder, "*.md").OrderBy(f => f, StringComparer.Ordinal))
{
    var name = Path.GetFileNameWithoutExtension(md);
    if (!name.StartsWith("about_", StringComparison.OrdinalIgnoreCase) && !names.Contains(name))
        d.Error(md, 1, $"the module exports no cmdlet {name}: remove this file, or export the cmdlet in CadcPS.psd1.");
}
var about = Directory.GetFiles(docsFolder, "about_*.md").OrderBy(f => f, StringComparer.Ordinal)
    .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Text: AboutTopic.Render(f, d))).ToList();

if (d.Count > 0)
{
    d.Print();
    Console.Error.WriteLine($"CadcPS.HelpGen: {d.Count} help error(s); {outFolder} was not written.");
    return 1;
}
Directory.CreateDirectory(outFolder);
var maml = Path.Combine(outFolder, "CadcPS.dll-Help.xml");
using (var writer = System.Xml.XmlWriter.Create(maml, new System.Xml.XmlWriterSettings { Indent = true, Encoding = utf8, NewLineChars = "\n" }))
    MamlWriter.Write(helps).Save(writer);
foreach (var (name, text) in about) File.WriteAllText(Path.Combine(outFolder, name + ".help.txt"), text!, utf8);
Console.WriteLine($"CadcPS.HelpGen: help for {helps.Count} cmdlets and {about.Count} about topics -> {outFolder}");
return 0;

static List<CmdletModel> LoadCmdlets(string manifest)
{
    var iss = InitialSessionState.CreateDefault2();
    // Only read, never run: no execution policy should stop its format file on Windows (elsewhere there is none).
    if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
    using var runspace = RunspaceFactory.CreateRunspace(iss);
    runspace.Open();
    Runspace.DefaultRunspace = runspace;
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("PassThru").AddParameter("ErrorAction", "Stop");
    var module = (PSModuleInfo)ps.Invoke().Single().BaseObject;
    return module.ExportedCmdlets.Values.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new CmdletModel(c)).ToList();
}

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cadc.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

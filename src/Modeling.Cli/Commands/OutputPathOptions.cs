using System.CommandLine;
using Modeling.Ingest.Output;

namespace Modeling.Cli.Commands;

/// <summary>
/// Output options checked before anything runs: a folder option that names a file, or a file option that names a folder,
/// is an argument error (exit 2, one line) rather than an exception half-way through the job.
/// </summary>
internal static class OutputPathOptions
{
    /// <summary>The option names a folder (created when missing): it may not be an existing file.</summary>
    public static T MustBeFolder<T>(this T option) where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && File.Exists(result.Tokens[0].Value))
                result.AddError(Messages.FolderOptionIsFile(option.Name, result.Tokens[0].Value));
        });
        return option;
    }

    /// <summary>The option names a file to write: it may not be an existing folder.</summary>
    public static T MustBeFile<T>(this T option) where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && Directory.Exists(result.Tokens[0].Value))
                result.AddError(Messages.FileOptionIsFolder(option.Name, result.Tokens[0].Value));
        });
        return option;
    }

    private static class Messages
    {
        public static string FolderOptionIsFile(string option, string path) =>
            $"{option} '{ShownText.Escape(path)}' is a file; pass a folder (it is created when missing).";

        public static string FileOptionIsFolder(string option, string path) =>
            $"{option} '{ShownText.Escape(path)}' is a folder; pass the path of the file to write.";
    }
}

using System.Reflection;
using System.Runtime.Loader;

namespace Modeling.Interactive;

/// <summary>
/// A load context that resolves every dependency of one assembly from that assembly's own deps.json (managed and
/// native), and leaves the framework to the default context. Used where the notebook kernel's assemblies conflict with
/// ours: the kernels load FSharp.Core 10.0 for their F# support, while Plotly.NET 6 (charts, report.html) needs 10.1,
/// and in the kernel's own load contexts Plotly.NET would bind 10.1 while Giraffe.ViewEngine binds the kernel's 10.0.
/// Inside this context all of them bind the same FSharp.Core. Only strings (JSON, HTML) cross its boundary.
/// </summary>
internal sealed class IsolatedLoadContext(string name, string mainAssemblyPath) : AssemblyLoadContext(name, isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    public string MainAssemblyPath { get; } = mainAssemblyPath;

    /// <summary>Calls a public or internal static <c>string Method(string)</c> of a type of the main assembly, inside this context.</summary>
    public Func<string, string> StaticFunction(string typeName, string methodName)
    {
        var assembly = LoadFromAssemblyPath(MainAssemblyPath);
        var method = assembly.GetType(typeName, throwOnError: true)!
            .GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(string)])
            ?? throw new MissingMethodException(typeName, methodName);
        return method.CreateDelegate<Func<string, string>>();
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}

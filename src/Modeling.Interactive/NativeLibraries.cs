using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Modeling.Interactive;

/// <summary>
/// Lets a notebook kernel find the native libraries of this assembly's dependencies (DuckDB's libduckdb). A kernel
/// loads Modeling.Interactive.dll by path (#r), each referenced assembly in a load context of its own, so neither the
/// kernel's deps.json nor the runtime's probing (beside the kernel and beside the managed assembly) finds
/// runtimes/&lt;rid&gt;/native/. After that probing fails, this resolver answers from Modeling.Interactive.deps.json for
/// the current platform, and only for names listed there; it is attached to every load context an assembly arrives in.
/// </summary>
internal static class NativeLibraries
{
    private static readonly AssemblyDependencyResolver Resolver = new(typeof(NativeLibraries).Assembly.Location);
    private static readonly ConditionalWeakTable<AssemblyLoadContext, object> Hooked = [];

#pragma warning disable CA2255 // A notebook extension must hook the resolver before any DuckDB call, whichever type a cell touches first.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install()
    {
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Hook(e.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()) Hook(assembly);
    }

    private static void Hook(Assembly assembly)
    {
        if (AssemblyLoadContext.GetLoadContext(assembly) is { } context && Hooked.TryAdd(context, Hooked))
            context.ResolvingUnmanagedDll += Resolve;
    }

    private static IntPtr Resolve(Assembly assembly, string name) =>
        Resolver.ResolveUnmanagedDllToPath(name) is { } path ? NativeLibrary.Load(path) : IntPtr.Zero;
}

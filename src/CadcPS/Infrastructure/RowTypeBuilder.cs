using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// A small CLR class per result shape (column names, row type name), with one object-typed property per
    /// column. Rows become instances of it: PowerShell reads their properties through its cached .NET
    /// adapter, which is several times cheaper than building a PSObject with a note property per cell
    /// (the row objects were the largest cost of streaming big results). Shapes are cached, so a session
    /// makes one class per distinct column list.
    /// </summary>
    /// <remarks>
    /// Each class is a dynamic assembly of its own (its name is the row type name, which must be unique in an
    /// assembly), and a .NET process never unloads one that PowerShell's adapter has seen. So the classes are
    /// bounded: after <see cref="MaxClasses"/> shapes, a new shape's rows are PSObjects with a note property per
    /// column and the same type name (slower to make, same to use), and its factory is not cached either.
    /// </remarks>
    internal static class RowTypeBuilder
    {
        /// <summary>Row classes (dynamic assemblies) a process makes at most.</summary>
        internal const int MaxClasses = 256;

        private static readonly ConcurrentDictionary<string, Func<object?[], object>> Factories = new ConcurrentDictionary<string, Func<object?[], object>>();
        private static readonly object Gate = new object();
        private static int _count;

        /// <summary>A factory turning a row array into an instance of the class for <paramref name="names"/>.</summary>
        /// <param name="metadata">What else tells this shape apart (its columns' FIELD metadata): results whose columns
        /// have the same names but other units get classes of their own, so each row finds its own metadata.</param>
        /// <param name="timestamps">The columns whose DateTime values the getters hand out as <see cref="RowTimestamp"/>s
        /// (null: none); the metadata tells them apart in the key.</param>
        public static Func<object?[], object> FactoryFor(string typeName, string[] names, string metadata = "", bool[]? timestamps = null)
        {
            var key = typeName + "\u0001" + string.Join("\u0001", names) + "\u0002" + metadata;
            if (Factories.TryGetValue(key, out var factory)) return factory;
            lock (Gate)
            {
                if (Factories.TryGetValue(key, out factory)) return factory;
                if (_count >= MaxClasses) return NoteProperties(typeName, names, timestamps);
                factory = Build(typeName, names, timestamps);
                Factories[key] = factory;
                return factory;
            }
        }

        /// <summary>Rows as PSObjects: no new class, for shapes beyond <see cref="MaxClasses"/>.</summary>
        private static Func<object?[], object> NoteProperties(string typeName, string[] names, bool[]? timestamps)
            => row =>
            {
                var o = new System.Management.Automation.PSObject();
                for (var i = 0; i < names.Length; i++)
                    o.Properties.Add(new System.Management.Automation.PSNoteProperty(names[i], timestamps != null && timestamps[i] ? RowTimestamp.Of(row[i]) : row[i]));
                o.TypeNames.Insert(0, typeName);
                return o;
            };

        private static Func<object?[], object> Build(string typeName, string[] names, bool[]? timestamps)
        {
            var n = ++_count;
            // One assembly per shape, so the class can carry the row type name (its TypeNames[0] in PowerShell). A generic
            // row's class is named for its shape (CadcPS.TapRow#3), so that each shape can have its own table view
            // (RowViews); every class derives from CadcPS.TapRow, the next type name, which [OutputType] and -is name.
            var name = typeName == RowObjectFactory.DefaultTypeName ? typeName + "#" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) : typeName;
            var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("CadcPS.Rows" + n), AssemblyBuilderAccess.Run);
            var module = assembly.DefineDynamicModule("CadcPS.Rows" + n);
            var type = module.DefineType(name, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(TapRow));
            // The row's values stay in the array the reader made for it (one per row, never reused): a row is that array
            // and a header, not a copy of it, which is 80 bytes less to allocate and collect per row of perf.big.
            var cells = type.DefineField("_cells", typeof(object[]), FieldAttributes.Private | FieldAttributes.InitOnly);
            for (var i = 0; i < names.Length; i++)
            {
                var property = type.DefineProperty(names[i], PropertyAttributes.None, typeof(object), Type.EmptyTypes);
                var getter = type.DefineMethod("get_" + names[i], MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig, typeof(object), Type.EmptyTypes);
                var g = getter.GetILGenerator();
                g.Emit(OpCodes.Ldarg_0);
                g.Emit(OpCodes.Ldfld, cells);
                g.Emit(OpCodes.Ldc_I4, i);
                g.Emit(OpCodes.Ldelem_Ref);
                // a timestamp is wrapped when read (Export-Csv), not for every row made: most rows are never read so
                if (timestamps != null && timestamps[i]) g.Emit(OpCodes.Call, typeof(RowTimestamp).GetMethod(nameof(RowTimestamp.Of))!);
                g.Emit(OpCodes.Ret);
                var setter = type.DefineMethod("set_" + names[i], MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig, null, new[] { typeof(object) });
                var s = setter.GetILGenerator();
                s.Emit(OpCodes.Ldarg_0);
                s.Emit(OpCodes.Ldfld, cells);
                s.Emit(OpCodes.Ldc_I4, i);
                s.Emit(OpCodes.Ldarg_1);
                s.Emit(OpCodes.Stelem_Ref);
                s.Emit(OpCodes.Ret);
                property.SetGetMethod(getter);
                property.SetSetMethod(setter);
            }
            // private T(object[] row) { _cells = row; }   public static object Create(object[] row) => new T(row);
            var ctor = type.DefineConstructor(MethodAttributes.Private | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
                CallingConventions.Standard, new[] { typeof(object[]) });
            var k = ctor.GetILGenerator();
            k.Emit(OpCodes.Ldarg_0);
            k.Emit(OpCodes.Call, typeof(TapRow).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, null, Type.EmptyTypes, null)!);
            k.Emit(OpCodes.Ldarg_0);
            k.Emit(OpCodes.Ldarg_1);
            k.Emit(OpCodes.Stfld, cells);
            k.Emit(OpCodes.Ret);
            var create = type.DefineMethod("Create", MethodAttributes.Public | MethodAttributes.Static, typeof(object), new[] { typeof(object[]) });
            var c = create.GetILGenerator();
            // a row of another length than the columns is the caller's bug: said here, not as an index error when read
            var fits = c.DefineLabel();
            c.Emit(OpCodes.Ldarg_0);
            c.Emit(OpCodes.Ldlen);
            c.Emit(OpCodes.Conv_I4);
            c.Emit(OpCodes.Ldc_I4, names.Length);
            c.Emit(OpCodes.Beq_S, fits);
            c.Emit(OpCodes.Ldstr, "The row has another number of values than its result has columns (" + names.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ").");
            c.Emit(OpCodes.Ldstr, "row");
            c.Emit(OpCodes.Newobj, typeof(ArgumentException).GetConstructor(new[] { typeof(string), typeof(string) })!);
            c.Emit(OpCodes.Throw);
            c.MarkLabel(fits);
            c.Emit(OpCodes.Ldarg_0);
            c.Emit(OpCodes.Newobj, ctor);
            c.Emit(OpCodes.Ret);
            // ToString: TapRow's (the columns, as a PSCustomObject shows them)
            var built = type.CreateTypeInfo()!.AsType();
            return (Func<object?[], object>)built.GetMethod("Create")!.CreateDelegate(typeof(Func<object?[], object>));
        }
    }
}

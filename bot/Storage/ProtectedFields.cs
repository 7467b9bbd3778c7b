using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.ValueGeneration;

namespace TeamsCoordinator.Storage;

/// <summary>
/// Marks a string or byte[] property whose value may hold citizen data: encrypted at rest, bound to its table, column
/// and row id. Marking is all a feature does; <see cref="ProtectedFields"/> does the rest. Such a property cannot be
/// used inside a query (filter, sort, projection, ExecuteUpdate): load the entity and read it in memory.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ProtectedAttribute : Attribute;

/// <summary>
/// How [Protected] properties are kept. A value converter cannot do it: it never sees the row, and the row id is part
/// of the associated data. So the entity holds plaintext and the column ciphertext: <see cref="FieldProtection"/>
/// seals the values of a save just before it (and puts the plaintext back after it) and opens them as an entity is
/// materialized. The row id must be known before the insert, so a table with protected data takes its ids from the
/// client (<see cref="RowIdGenerator"/>) instead of the database.
/// </summary>
public static class ProtectedFields
{
    /// <summary>Called from OnModelCreating after every feature's configuration.</summary>
    public static void Apply(ModelBuilder model)
    {
        foreach (var entity in model.Model.GetEntityTypes().ToList())
        {
            var marked = entity.GetProperties().Where(IsMarked).ToList();
            if (marked.Count == 0) continue;
            foreach (var p in marked)
            {
                if (p.ClrType != typeof(string) && p.ClrType != typeof(byte[]))
                    throw new InvalidOperationException($"[Protected] {entity.DisplayName()}.{p.Name}: only string and byte[] properties can be protected.");
                p.SetValueConverter((Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter?)null);
                p.SetMaxLength(null); // the column holds ciphertext, longer than the text
            }
            var root = entity;
            while (root.FindOwnership() is { } ownership) root = ownership.PrincipalEntityType;
            if (root.FindPrimaryKey() is not { Properties: [var key] } || key.ClrType != typeof(long))
                throw new InvalidOperationException($"{root.DisplayName()} has [Protected] data, so it needs a single long key: its row id is part of the associated data.");
            key.SetValueGeneratorFactory((p, _) => new RowIdGenerator((IEntityType)p.DeclaringType));
        }
    }

    /// <summary>Entities are materialized with their protected values opened (<see cref="ProtectedFieldsMaterializer"/>).</summary>
    public static DbContextOptionsBuilder WithProtectedFields(this DbContextOptionsBuilder options) =>
        options.ReplaceService<IStructuralTypeMaterializerSource, ProtectedFieldsMaterializer>();

    private static bool IsMarked(IReadOnlyProperty p) => p.PropertyInfo?.IsDefined(typeof(ProtectedAttribute), true) == true;

    private static readonly ConcurrentDictionary<IReadOnlyEntityType, Shape?> Shapes = new();

    /// <summary>The protected columns of an entity type, or null when it has none.</summary>
    internal static Shape? ShapeOf(IReadOnlyEntityType type) => Shapes.GetOrAdd(type, static t => Shape.Of((IEntityType)t));

    /// <summary>Every table with protected columns, for rotate-key and the one-time upgrade.</summary>
    internal static IEnumerable<(string Table, string KeyColumn, List<Column> Columns)> Tables(IModel model) =>
        model.GetEntityTypes().Select(t => ShapeOf(t)).OfType<Shape>()
            .GroupBy(s => (s.Table, s.KeyColumn))
            .Select(g => (g.Key.Table, g.Key.KeyColumn, g.SelectMany(s => s.Columns).ToList()));

    internal sealed record Column(IProperty Property, string Name, bool IsBytes);

    internal sealed class Shape
    {
        public required string Table { get; init; }
        /// <summary>The row id: the entity's own key, or for an owned type in its owner's table, the owner's.</summary>
        public required IProperty Key { get; init; }
        public required string KeyColumn { get; init; }
        public required Column[] Columns { get; init; }

        public FieldScope Scope(Column column, long rowId) => new(Table, column.Name, rowId);

        public static Shape? Of(IEntityType type)
        {
            var marked = type.GetProperties().Where(IsMarked).ToArray();
            if (marked.Length == 0) return null;
            var table = type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has [Protected] data but no table.");
            var store = StoreObjectIdentifier.Table(table, type.GetSchema());
            var key = type.FindPrimaryKey()!.Properties[0];
            return new Shape
            {
                Table = table,
                Key = key,
                KeyColumn = key.GetColumnName(store)!,
                Columns = [.. marked.Select(p => new Column(p, p.GetColumnName(store)!, p.ClrType == typeof(byte[])))],
            };
        }
    }
}

/// <summary>
/// Ids for tables with protected data, known when the entity is added (the associated data needs them before the
/// insert). PostgreSQL: blocks from the column's own identity sequence (nextval never hands a value out twice, also
/// to other instances, and is not undone by a rollback). SQLite: this process is the database's only writer, so a
/// counter that starts above the highest id (and AUTOINCREMENT's record of it) is enough.
/// <para>
/// On PostgreSQL a block is fetched outside the counter's lock, and is large: the value generator's API is
/// synchronous, and a refill under the lock made every turn that added an audit row wait for one blocking round
/// trip (itself waiting for a pooled connection); under load (bench/load, `ny borger` alone at 30/s) the turns
/// piled up behind it until the connection pool was exhausted and every request timed out.
/// </para>
/// </summary>
public sealed class RowIdGenerator(IEntityType entity) : ValueGenerator<long>
{
    private const int Block = 1000;
    private static readonly ConcurrentDictionary<(string Database, string Table), Counter> Counters = new();

    private readonly string _table = entity.GetTableName()!;
    private readonly string _keyColumn = entity.FindPrimaryKey()!.Properties[0].GetColumnName()!;

    public override bool GeneratesTemporaryValues => false;

    public override long Next(EntityEntry entry)
    {
        var db = entry.Context;
        var counter = Counters.GetOrAdd((db.Database.GetConnectionString() ?? "", _table), static _ => new Counter());
        if (!db.Database.IsNpgsql())
            lock (counter)
            {
                if (counter.Ready.Count == 0) counter.Refill(db, _table, _keyColumn);
                return counter.Ready.Dequeue();
            }
        lock (counter)
            if (counter.Ready.TryDequeue(out var ready)) return ready;
        // Several threads may fetch a block at once: nextval hands each its own values, the spare ones wait for later.
        var block = Counter.PostgresIds(db, _table, _keyColumn);
        lock (counter)
        {
            foreach (var id in block.Skip(1)) counter.Ready.Enqueue(id);
            return block[0];
        }
    }

    private sealed class Counter
    {
        public readonly Queue<long> Ready = new();
        private long _sqliteNext;

        public void Refill(DbContext db, string table, string keyColumn)
        {
            if (_sqliteNext > 0)
            {
                for (var i = 0; i < Block; i++) Ready.Enqueue(_sqliteNext++);
                return;
            }
            var ids = Query(db, $"SELECT max(coalesce((SELECT max(\"{keyColumn}\") FROM \"{table}\"), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0))");
            _sqliteNext = ids[0] + 1;
            Refill(db, table, keyColumn);
        }

        public static List<long> PostgresIds(DbContext db, string table, string keyColumn) =>
            Query(db, $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', '{keyColumn}')) FROM generate_series(1, {Block})");

        private static List<long> Query(DbContext db, string sql)
        {
            var connection = db.Database.GetDbConnection();
            var opened = connection.State != System.Data.ConnectionState.Open;
            if (opened) db.Database.OpenConnection();
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                using var reader = command.ExecuteReader();
                var ids = new List<long>();
                while (reader.Read()) ids.Add(reader.GetInt64(0));
                return ids;
            }
            finally { if (opened) db.Database.CloseConnection(); }
        }
    }
}

/// <summary>
/// Seals the protected values of a save (the entity keeps its plaintext: it is put back once the save is done or
/// has failed) and refuses queries that would compare or project ciphertext; <see cref="ProtectedFieldsMaterializer"/>
/// opens them as entities are materialized. Registered after <see cref="Delivery.OutboxHandoffInterceptor"/>, which
/// writes the outbox rows' JSON first. One instance for the process: query interceptors are part of EF Core's internal
/// service provider, so an instance per host would build a provider per host. The key comes from the context.
/// </summary>
public sealed class FieldProtection : SaveChangesInterceptor, IQueryExpressionInterceptor
{
    public static readonly FieldProtection Instance = new();

    private FieldProtection() { }

    internal readonly record struct Sealed(PropertyEntry Property, object Plain);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Seal(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Seal(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        PutBack(eventData.Context, saved: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        PutBack(eventData.Context, saved: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => PutBack(eventData.Context, saved: false);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        PutBack(eventData.Context, saved: false);
        return Task.CompletedTask;
    }

    private static void Seal(DbContext? context)
    {
        if (context is not CoordinatorDb db) return;
        PutBack(db, saved: false); // a save interrupted before its events (should not happen): never seal twice
        var protector = db.Protector;
        List<Sealed>? sealedValues = null;
        foreach (var entry in db.ChangeTracker.Entries()) // detects changes first, so entities reached by navigation count too
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            if (ProtectedFields.ShapeOf(entry.Metadata) is not { } shape) continue;
            var key = entry.Property(shape.Key);
            if (key.IsTemporary || key.CurrentValue is not long rowId || rowId <= 0)
                throw new InvalidOperationException($"{entry.Metadata.DisplayName()} has no row id before its insert; protected data needs one (RowIdGenerator).");
            foreach (var column in shape.Columns)
            {
                var property = entry.Property(column.Property);
                if (entry.State == EntityState.Modified && !property.IsModified) continue;
                if (property.CurrentValue is not { } plain) continue;
                var scope = shape.Scope(column, rowId);
                property.CurrentValue = column.IsBytes ? protector.Protect((byte[])plain, scope) : protector.Protect((string)plain, scope);
                (sealedValues ??= []).Add(new Sealed(property, plain));
            }
        }
        db.SealedValues = sealedValues;
    }

    private static void PutBack(DbContext? context, bool saved)
    {
        if (context is not CoordinatorDb { SealedValues: { } sealedValues } db) return;
        db.SealedValues = null;
        foreach (var (property, plain) in sealedValues)
        {
            if (saved && property.EntityEntry.State == EntityState.Unchanged)
            {
                // What the database now holds is this plaintext's ciphertext: unchanged, as after a load.
                property.OriginalValue = plain;
                property.CurrentValue = plain;
                property.IsModified = false;
            }
            else property.CurrentValue = plain;
        }
    }

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        ProtectedMemberGuard.Instance.Visit(queryExpression);
        return queryExpression;
    }

    /// <summary>In SQL a protected column is ciphertext: a filter on it matches nothing, a projection of it returns ciphertext.</summary>
    private sealed class ProtectedMemberGuard : ExpressionVisitor
    {
        public static readonly ProtectedMemberGuard Instance = new();

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Member is PropertyInfo p && p.IsDefined(typeof(ProtectedAttribute), true))
                throw new InvalidOperationException(
                    $"{p.DeclaringType?.Name}.{p.Name} is encrypted at rest: a query cannot filter, sort or project on it. Load the entity and read it in memory.");
            return base.VisitMember(node);
        }
    }
}

/// <summary>
/// Opens the protected values of an entity as EF Core materializes it: the row's ciphertext and its id are read from
/// the query's result and the plaintext assigned, inside the materializer EF compiles once per query. It replaces a
/// materialization interceptor, which EF applies to every entity type and for which it builds, per loaded row, a
/// dictionary of two new delegates per property (bench/load `status`: 9 % of an instance's CPU in
/// DynamicMethod.CreateDelegate, mostly for team members and organisations, which hold nothing protected).
/// </summary>
#pragma warning disable EF1001 // RelationalStructuralTypeMaterializerSource is EF's own (pubternal) materializer; only its result is wrapped
internal sealed class ProtectedFieldsMaterializer(StructuralTypeMaterializerSourceDependencies dependencies)
    : RelationalStructuralTypeMaterializerSource(dependencies), IStructuralTypeMaterializerSource
{
    private static readonly MethodInfo OpenTextMethod = typeof(ProtectedFieldsMaterializer).GetMethod(nameof(OpenText), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo OpenBytesMethod = typeof(ProtectedFieldsMaterializer).GetMethod(nameof(OpenBytes), BindingFlags.NonPublic | BindingFlags.Static)!;

    Expression IStructuralTypeMaterializerSource.CreateMaterializeExpression(StructuralTypeMaterializerSourceParameters parameters, Expression materializationContext)
    {
        var materialize = CreateMaterializeExpression(parameters, materializationContext);
        if (parameters.StructuralType is not IEntityType type || ProtectedFields.ShapeOf(type) is not { } shape) return materialize;
        // Values are read as EF's own reads are (the relational shaper turns these into reads of the data reader).
        var row = Expression.Call(materializationContext, MaterializationContext.GetValueBufferMethod);
        var instance = Expression.Variable(materialize.Type, "instance");
        var rowId = Expression.Variable(typeof(long), "rowId");
        var body = new List<Expression>
        {
            Expression.Assign(instance, materialize),
            Expression.Assign(rowId, Expression.Convert(row.CreateValueBufferReadValueExpression(typeof(object), shape.Key.GetIndex(), shape.Key), typeof(long))),
        };
        foreach (var column in shape.Columns)
        {
            var stored = row.CreateValueBufferReadValueExpression(column.Property.ClrType, column.Property.GetIndex(), column.Property);
            body.Add(Expression.Assign(
                Expression.Property(instance, column.Property.PropertyInfo!),
                Expression.Call(column.IsBytes ? OpenBytesMethod : OpenTextMethod, materializationContext, Expression.Constant(shape), Expression.Constant(column), rowId, stored)));
        }
        body.Add(instance);
        return Expression.Block(materialize.Type, [instance, rowId], body);
    }

    private static string? OpenText(MaterializationContext context, ProtectedFields.Shape shape, ProtectedFields.Column column, long rowId, string? stored) =>
        stored is null ? null : ((CoordinatorDb)context.Context).Protector.Unprotect(stored, shape.Scope(column, rowId));

    private static byte[]? OpenBytes(MaterializationContext context, ProtectedFields.Shape shape, ProtectedFields.Column column, long rowId, byte[]? stored) =>
        stored is null ? null : ((CoordinatorDb)context.Context).Protector.Unprotect(stored, shape.Scope(column, rowId));
}
#pragma warning restore EF1001

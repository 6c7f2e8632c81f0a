using System.Reflection;

namespace DxEvents.Domain.Tests.Events;

/// <summary>Builds any record of the domain with a non-default value in every field, so that a field
/// the serializer drops shows up as a default after a round trip.</summary>
internal static class SampleValues
{
    public static object Create(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return "値-x";
        if (underlying == typeof(int)) return 2024;
        if (underlying == typeof(long)) return 3388L;
        if (underlying == typeof(decimal)) return 12.34m;
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(DateOnly)) return new DateOnly(2025, 7, 1);
        if (underlying == typeof(DateTimeOffset)) return new DateTimeOffset(2025, 7, 1, 9, 30, 0, TimeSpan.FromHours(9));
        if (underlying.IsEnum) return Enum.GetValues(underlying).GetValue(Enum.GetValues(underlying).Length - 1)!;
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = underlying.GetGenericArguments()[0];
            var list = Array.CreateInstance(element, 2);
            list.SetValue(Create(element), 0);
            list.SetValue(Create(element), 1);
            return list;
        }

        var constructor = underlying.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Create(p.ParameterType)).ToArray());
    }

    public static void AssertNoDefaults(object value)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var actual = property.GetValue(value);
            Assert.False(actual is null, $"{value.GetType().Name}.{property.Name} is null");
            var type = actual!.GetType();
            if (type.IsValueType && !type.IsEnum)
            {
                Assert.False(actual.Equals(Activator.CreateInstance(type)), $"{value.GetType().Name}.{property.Name} is default");
            }
        }
    }
}

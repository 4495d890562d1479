using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

public class ContractTypesTests
{
    [Theory]
    [InlineData("smallint", "integer")]
    [InlineData("int", "bigint")]
    [InlineData("integer", "numeric")]
    [InlineData("bigint", "numeric(20,0)")]
    [InlineData("integer", "double precision")]
    [InlineData("numeric(12,2)", "numeric(14,2)")]
    [InlineData("numeric(12,2)", "numeric(14,4)")]
    [InlineData("numeric(12,2)", "numeric")]
    [InlineData("decimal(5)", "numeric(5,0)")]
    [InlineData("real", "double precision")]
    [InlineData("varchar(10)", "character varying(20)")]
    [InlineData("varchar(10)", "text")]
    [InlineData("character(3)", "varchar(3)")]
    [InlineData("text", "varchar")]
    [InlineData("timestamp", "timestamptz")]
    [InlineData("timestamp(3)", "timestamp without time zone")]
    [InlineData("date", "timestamp with time zone")]
    [InlineData("time", "timetz")]
    [InlineData("BOOL", "boolean")]
    [InlineData("int[]", "integer[]")]
    public void IsCompatible_Widening_True(string declared, string actual) => Assert.True(ContractTypes.IsCompatible(declared, actual));

    [Theory]
    [InlineData("bigint", "integer")]
    [InlineData("integer", "numeric(9,0)")]
    [InlineData("bigint", "double precision")]
    [InlineData("numeric(12,2)", "numeric(12,4)")]
    [InlineData("numeric(12,2)", "numeric(12,1)")]
    [InlineData("numeric", "numeric(30,10)")]
    [InlineData("numeric", "bigint")]
    [InlineData("varchar(20)", "varchar(10)")]
    [InlineData("text", "varchar(100)")]
    [InlineData("varchar", "character(5)")]
    [InlineData("timestamptz", "timestamp")]
    [InlineData("timestamp", "date")]
    [InlineData("text", "integer")]
    [InlineData("integer[]", "bigint")]
    [InlineData("jsonb", "json")]
    public void IsCompatible_NarrowingOrChange_False(string declared, string actual) => Assert.False(ContractTypes.IsCompatible(declared, actual));

    [Theory]
    [InlineData("VARCHAR( 20 )", "character varying(20)")]
    [InlineData("timestamptz", "timestamp with time zone")]
    [InlineData("timestamp(3)", "timestamp(3) without time zone")]
    [InlineData("numeric(12, 2)", "numeric(12,2)")]
    [InlineData("int8", "bigint")]
    [InlineData("float8", "double precision")]
    [InlineData("my_enum", "my_enum")]
    public void Normalize_SpellsAsFormatType(string type, string expected) => Assert.Equal(expected, ContractTypes.Normalize(type));
}

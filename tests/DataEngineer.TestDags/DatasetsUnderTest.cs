using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>The datasets the data-aware scheduling tests produce and consume.</summary>
public static class DatasetsUnderTest
{
    public static readonly Dataset Orders = new("it_ds.orders");

    public static readonly Dataset Customers = new("it_ds.customers");
}

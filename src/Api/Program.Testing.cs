// Makes the entry point visible to WebApplicationFactory<Program> in the API tests.
public partial class Program;

import Testing

/// docs/uplink-openapi.yaml is a structurally sound OpenAPI 3.1 description of what the decoders expect.
@Suite struct OpenAPISpecTests {
    /// Loads with Python's yaml and checks the parts the gateway relies on.
    @Test func specDescribesTheBatchEndpoint() throws {
        let spec = PythonCheck.repository.appendingPathComponent("docs/uplink-openapi.yaml").path
        let script = """
            import sys, yaml
            spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
            assert spec["openapi"].startswith("3.1"), spec["openapi"]
            for key in ("info", "paths", "components"):
                assert key in spec, key
            post = spec["paths"]["/v1/trades:batch"]["post"]
            for status in ("200", "400", "401", "413", "429", "503"):
                assert status in post["responses"], status
            for status in ("429", "503"):
                assert "Retry-After" in post["responses"][status]["headers"], status
            params = [p.get("$ref", p.get("name")) for p in post["parameters"]]
            assert any("IdempotencyKey" in p for p in params), params
            schemes = spec["components"]["securitySchemes"]
            assert schemes["bearer"]["scheme"] == "bearer" and schemes["mutualTLS"]["type"] == "mutualTLS"
            schemas = spec["components"]["schemas"]
            status_enum = schemas["ItemResult"]["properties"]["status"]["enum"]
            assert sorted(status_enum) == ["accepted", "duplicate", "rejected", "retry"], status_enum
            assert "results" in schemas["BatchResult"]["required"]
            item = schemas["Trade"]
            for field in ("trace_code", "grams", "unit_price_fen", "amount_fen", "committed_at", "utc_offset"):
                assert field in item["required"], field
            def refs(node):
                if isinstance(node, dict):
                    for k, v in node.items():
                        if k == "$ref":
                            yield v
                        else:
                            yield from refs(v)
                elif isinstance(node, list):
                    for v in node:
                        yield from refs(v)
            for ref in refs(spec):
                section, name = ref.split("/")[-2:]
                assert name in spec["components"][section], ref
            print("ok")
            """
        let (status, output) = try PythonCheck.run(script, [spec])
        #expect(status == 0, "\(output)")
    }
}

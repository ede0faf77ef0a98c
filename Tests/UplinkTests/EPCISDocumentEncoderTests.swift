import Foundation
import Testing
import TraceModel

@testable import Uplink

/// EPCIS 2.0 documents: golden output, schema validity, and the CBV 2.0 event hash.
@Suite struct EPCISDocumentEncoderTests {
    let encoder = EPCISDocumentEncoder(node: SampleTrades.node)

    /// One event, byte for byte (the eventID is checked separately against the pre-hash).
    @Test func goldenEvent() throws {
        let event = encoder.event(SampleTrades.trade(27))
        let id = try EPCISEventHash.id(of: encoder.eventWithoutID(SampleTrades.trade(27)), context: encoder.context)
        #expect(
            event.text
                == #"{"type":"ObjectEvent","eventTime":"2026-11-22T18:15:57.123+08:00","eventTimeZoneOffset":"+08:00","#
                + #""eventID":"\#(id)","action":"OBSERVE","bizStep":"retail_selling","#
                + #""readPoint":{"id":"urn:tracegate:node:330102001:station:stall-1"},"#
                + #""bizLocation":{"id":"urn:tracegate:node:330102001"},"#
                + #""quantityList":[{"epcClass":"urn:tracegate:trace:33010200100010000027","quantity":1.234,"uom":"KGM"}],"#
                + #""tracegate:productCode":"10010001","tracegate:productName":"猪后腿肉","#
                + #""tracegate:operatorCode":"3301020010001","tracegate:unitPriceFen":3000,"tracegate:amountFen":3702,"#
                + #""tracegate:parentCodes":["urn:tracegate:trace:33010200100020000001"]}"#)
    }

    /// The pre-hash follows the canonical order and normalisation.
    @Test func preHashOfOurEvent() throws {
        let preHash = try EPCISEventHash.preHash(
            of: encoder.eventWithoutID(SampleTrades.trade(27, grams: 1200, buyer: " card 7 ")), context: encoder.context
        )
        let ns = "{urn:tracegate:epcis:}"
        #expect(
            preHash
                == "eventType=ObjectEventeventTime=2026-11-22T10:15:57.123ZeventTimeZoneOffset=+08:00"
                + "quantityListquantityElementepcClass=urn:tracegate:trace:33010200100010000027quantity=1.2uom=KGM"
                + "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-retail_selling"
                + "readPointid=urn:tracegate:node:330102001:station:stall-1bizLocationid=urn:tracegate:node:330102001"
                + "\(ns)amountFen=3600\(ns)buyer=card 7\(ns)operatorCode=3301020010001"
                + "\(ns)parentCodes=urn:tracegate:trace:33010200100020000001\(ns)productCode=10010001"
                + "\(ns)productName=猪后腿肉\(ns)unitPriceFen=3000")
    }

    /// Cross-check with the reference implementation: its published pre-hash → hash pair for
    /// tests/examples/ReferenceEventHashAlgorithm2 (RalphTro/epcis-event-hash-generator), and our pre-hash of
    /// the same event's fields that we support (everything before its sensorElementList).
    @Test func matchesPublishedReferenceExample() throws {
        let published =
            "eventType=ObjectEventeventTime=2020-04-01T14:00:00.000ZeventTimeZoneOffset=+01:00epcListepc=https://id.gs1.org/01/04012345111118/21/9876action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-inspectingreadPointid=https://id.gs1.org/414/4012345000054sensorElementListsensorElementsensorMetadatadeviceID=https://id.gs1.org/8004/4000001111deviceMetadata=https://id.gs1.org/8004/4000001111sensorReporttype=https://gs1.org/voc/AbsoluteHumidityvalue=12.1uom=A93sensorReporttype=https://gs1.org/voc/DimensionlesschemicalSubstance=https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-Nvalue=0.18uom=C35sensorReporttype=https://gs1.org/voc/Dimensionlessmicroorganism=https://www.ncbi.nlm.nih.gov/taxonomy/1126011value=0.05uom=C35sensorReporttype=https://gs1.org/voc/Temperaturevalue=26sDev=0.1uom=CEL"
        #expect(
            EPCISEventHash.id(preHash: published)
                == "ni:///sha-256;49b13037c36e84ad9307c531671b00e901318c3957e4b1151f816ec49eb668da?ver=CBV2.0")
        let event = OrderedJSON.object([
            ("readPoint", .object([("id", .string("https://id.gs1.org/414/4012345000054"))])),
            ("bizStep", .string("inspecting")),
            ("type", .string("ObjectEvent")),
            ("action", .string("OBSERVE")),
            ("eventTime", .string("2020-04-01T15:00:00+01:00")),
            ("eventTimeZoneOffset", .string("+01:00")),
            ("epcList", .array([.string("https://id.gs1.org/01/04012345111118/21/9876")])),
        ])
        let ours = try EPCISEventHash.preHash(of: event, context: [:])
        #expect(published.hasPrefix(ours + "sensorElementList"))
        // The quantity-list form, as the reference implementation's tests publish it (elements sorted).
        let quantities = OrderedJSON.object([
            ("type", .string("ObjectEvent")), ("eventTime", .string("2020-01-01T00:00:00Z")),
            ("eventTimeZoneOffset", .string("+00:00")),
            (
                "quantityList",
                .array([
                    .object([
                        ("uom", .string("KGM")), ("quantity", .number("600")),
                        ("epcClass", .string("https://id.gs1.org/01/04054739999148/10/20160711")),
                    ]),
                    .object([
                        ("epcClass", .string("https://id.gs1.org/01/04012345999884/10/2014-02-10")),
                        ("quantity", .number("2030")), ("uom", .string("KGM")),
                    ]),
                ])
            ),
        ])
        #expect(
            try EPCISEventHash.preHash(of: quantities, context: [:]).contains(
                "quantityListquantityElementepcClass=https://id.gs1.org/01/04012345999884/10/2014-02-10quantity=2030uom=KGM"
                    + "quantityElementepcClass=https://id.gs1.org/01/04054739999148/10/20160711quantity=600uom=KGM"))
    }

    /// The hash depends on content, not on the order of keys; every change of content changes it.
    @Test func hashIsDeterministicAndKeyOrderIndependent() throws {
        let trade = SampleTrades.trade(5, parents: ["b", "a"], buyer: "card-9")
        let body = encoder.eventWithoutID(trade)
        guard case .object(let members) = body else {
            Issue.record("event is an object")
            return
        }
        let id = try EPCISEventHash.id(of: body, context: encoder.context)
        #expect(try EPCISEventHash.id(of: .object(members.reversed()), context: encoder.context) == id)
        var rotated = members
        rotated.append(rotated.removeFirst())
        rotated.swapAt(2, 5)
        #expect(try EPCISEventHash.id(of: .object(rotated), context: encoder.context) == id)
        #expect(encoder.event(trade) == encoder.event(trade))
        // eventID inside the document is that hash.
        guard case .object(let withID) = encoder.event(trade) else { return }
        #expect(withID.first { $0.0 == "eventID" }?.1 == .string(id))

        var heavier = trade
        heavier.draft.grams += 1
        var later = trade
        later.committedAt += 0.001
        var elsewhere = trade
        elsewhere.draft.station = "stall-2"
        var otherParents = trade
        otherParents.draft.parents = ["a", "b", "c"]
        for changed in [heavier, later, elsewhere, otherParents] {
            #expect(try EPCISEventHash.id(of: encoder.eventWithoutID(changed), context: encoder.context) != id)
        }
        // Same instant written in another offset is the same event time.
        var shifted = trade
        shifted.utcOffsetSeconds = 0
        let shiftedPreHash = try EPCISEventHash.preHash(of: encoder.eventWithoutID(shifted), context: encoder.context)
        #expect(shiftedPreHash.contains("eventTime=2026-11-22T10:15:35.123Z"))
    }

    /// Fields outside the implemented subset are refused, not hashed wrongly.
    @Test func unsupportedFieldsAreRefused() {
        let event = OrderedJSON.object([
            ("type", .string("ObjectEvent")), ("eventTime", .string("2020-01-01T00:00:00Z")),
            ("eventTimeZoneOffset", .string("+00:00")), ("sensorElementList", .array([])),
        ])
        #expect(throws: EPCISHashError.self) { try EPCISEventHash.preHash(of: event, context: [:]) }
    }

    /// Whole documents validate against the official EPCIS 2.0 JSON schema (with format checks).
    @Test func documentsValidateAgainstTheOfficialSchema() throws {
        let batch = UplinkBatch(trades: [
            SampleTrades.trade(1),
            SampleTrades.trade(2, grams: 1000, parents: [], buyer: "卡 0001"),
            SampleTrades.trade(3, grams: 5, parents: ["(01)90614141000015(10)B240315A", "x"], station: "line-1"),
        ])
        let body = encoder.encode(batch, creationDate: SampleTrades.time, creationOffsetSeconds: 8 * 3600)
        #expect(body.contentType == "application/ld+json")
        #expect(body.text.hasPrefix(#"{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","#))
        #expect(
            body.text.contains(
                #""type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-22T18:15:30.123+08:00""#))
        #expect(body.text.contains(#""bizStep":"killing""#))
        let path = try PythonCheck.temporaryFile(body.bytes, suffix: ".jsonld")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let schema = PythonCheck.fixtures.appendingPathComponent("epcis-2.0/EPCIS-JSON-Schema.json").path
        let script = """
            import json, sys, jsonschema
            doc = json.load(open(sys.argv[1], encoding="utf-8"))
            schema = json.load(open(sys.argv[2], encoding="utf-8"))
            jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())
            events = doc["epcisBody"]["eventList"]
            assert len(events) == 3 and len({e["eventID"] for e in events}) == 3
            assert events[0]["quantityList"][0]["quantity"] == 1.234
            print("valid")
            """
        let (status, output) = try PythonCheck.run(script, [path, schema])
        #expect(status == 0, "\(output)")
        #expect(output.contains("valid"))
        // And a document the schema must refuse, to show the check bites.
        let broken = body.text.replacingOccurrences(of: #""action":"OBSERVE""#, with: #""action":"LOOK""#)
        let brokenPath = try PythonCheck.temporaryFile(Array(broken.utf8), suffix: ".jsonld")
        defer { try? FileManager.default.removeItem(atPath: brokenPath) }
        let (brokenStatus, _) = try PythonCheck.run(script, [brokenPath, schema])
        #expect(brokenStatus != 0)
    }

    /// Identifiers escape what a URN may not contain.
    @Test func identifiersEscape() {
        let ids = EPCISIdentifiers()
        #expect(ids.traceCode("(01)9061 猪") == "urn:tracegate:trace:%2801%299061%20%E7%8C%AA")
        #expect(
            EPCISIdentifiers(prefix: "https://trace.example/id/").node("330102001")
                == "https://trace.example/id/node:330102001")
    }
}

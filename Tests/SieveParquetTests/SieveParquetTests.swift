import XCTest
@testable import SieveParquet

final class SieveParquetSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertNotNil(SieveParquet.self) }
}

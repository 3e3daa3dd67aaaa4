import XCTest
@testable import SieveExtract

final class SieveExtractSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}

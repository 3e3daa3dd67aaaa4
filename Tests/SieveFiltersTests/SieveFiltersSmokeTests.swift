import XCTest
@testable import SieveFilters

final class SieveFiltersSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}

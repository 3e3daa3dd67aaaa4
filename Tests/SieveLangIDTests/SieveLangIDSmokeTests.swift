import XCTest
@testable import SieveLangID

final class SieveLangIDSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}

import XCTest
@testable import SieveParquet

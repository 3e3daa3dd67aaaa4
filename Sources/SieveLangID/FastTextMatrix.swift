#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A product quantizer: `nsubq` sub-quantizers of 256 centroids each.
struct ProductQuantizer: @unchecked Sendable {
    let dim: Int
    let nsubq: Int
    let dsub: Int
    let lastdsub: Int
    let centroids: FloatStorage

    init(cursor c: inout ModelCursor) throws {
        dim = Int(try c.int32())
        nsubq = Int(try c.int32())
        dsub = Int(try c.int32())
        lastdsub = Int(try c.int32())
        guard dim > 0, nsubq > 0, dsub > 0, lastdsub > 0, (nsubq - 1) * dsub + lastdsub == dim else {
            throw c.fail("invalid product quantizer (dim \(dim), nsubq \(nsubq), dsub \(dsub), lastdsub \(lastdsub))")
        }
        centroids = try c.floats(dim * 256)
    }

    /// Start of the centroid for code `code` of sub-quantizer `m`.
    @inline(__always)
    func centroid(_ m: Int, _ code: Int) -> UnsafePointer<Float> {
        if m == nsubq - 1 { return centroids.pointer + (m * 256 * dsub + code * lastdsub) }
        return centroids.pointer + ((m * 256 + code) * dsub)
    }
}

/// An input or output matrix: dense float32, or product-quantized (optionally with quantized norms).
/// Arithmetic follows fastText's float32 order exactly.
final class FastTextMatrix: @unchecked Sendable {
    let rows: Int
    let cols: Int
    /// Dense rows, read in place from the mapping (possibly unaligned: loads are unaligned).
    private let dense: UnsafeRawPointer?
    private let codes: UnsafePointer<UInt8>?
    private let pq: ProductQuantizer?
    private let normCodes: UnsafePointer<UInt8>?
    private let normPQ: ProductQuantizer?
    private let file: MappedFile
    /// True for the layout of lid.176.ftz and similar: 16 columns quantized as 8 pairs, which
    /// `quantizedRow16` decodes into one vector.
    let isQuantized16x2: Bool
    /// Every row of an `isQuantized16x2` matrix decoded once at load (`quantizedRow16` of its
    /// codes: the same products, so the same floats), when that takes at most
    /// `decodedRowsLimit` bytes; nil otherwise.
    private let decodedRows: UnsafeMutablePointer<SIMD16<Float>>?
    /// Most bytes spent on `decodedRows` (lid.176.ftz: 50,000 rows, 3.2 MB).
    static let decodedRowsLimit = 256 << 20

    /// Reads a dense matrix (`quantized == false`) or a QuantMatrix at the cursor.
    init(cursor c: inout ModelCursor, quantized: Bool) throws {
        file = c.file
        if !quantized {
            let m = try c.int64(), n = try c.int64()
            guard m >= 0, n > 0, m < Int64(Int32.max), n < 1 << 20, m.multipliedReportingOverflow(by: n * 4).overflow == false else {
                throw c.fail("invalid matrix shape \(m)×\(n)")
            }
            rows = Int(m)
            cols = Int(n)
            dense = try c.bytes(rows * cols * 4)
            codes = nil; pq = nil; normCodes = nil; normPQ = nil
            isQuantized16x2 = false
            decodedRows = nil
            return
        }
        let qnorm = try c.bool()
        let m = try c.int64(), n = try c.int64()
        let codesize = Int(try c.int32())
        guard m >= 0, n > 0, m < Int64(Int32.max), n < 1 << 20 else { throw c.fail("invalid matrix shape \(m)×\(n)") }
        rows = Int(m)
        cols = Int(n)
        let codeBytes = try c.bytes(codesize)
        let pq = try ProductQuantizer(cursor: &c)
        guard pq.dim == cols, codesize == rows * pq.nsubq else {
            throw c.fail("quantizer does not match the matrix (dim \(pq.dim), cols \(cols), codesize \(codesize))")
        }
        self.pq = pq
        codes = codeBytes.assumingMemoryBound(to: UInt8.self)
        var norms: (codes: UnsafePointer<UInt8>, pq: ProductQuantizer)?
        if qnorm {
            let nc = try c.bytes(rows).assumingMemoryBound(to: UInt8.self)
            normCodes = nc
            let npq = try ProductQuantizer(cursor: &c)
            guard npq.dim == 1, npq.nsubq == 1 else { throw c.fail("invalid norm quantizer") }
            normPQ = npq
            norms = (nc, npq)
        } else {
            normCodes = nil
            normPQ = nil
        }
        dense = nil
        #if _endian(little)
        isQuantized16x2 = cols == 16 && pq.nsubq == 8 && pq.dsub == 2 && pq.lastdsub == 2
        #else
        isQuantized16x2 = false
        #endif
        if isQuantized16x2 && rows > 0 && rows <= FastTextMatrix.decodedRowsLimit / 64 {
            let d = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: rows)
            let codes = UnsafeRawPointer(codeBytes)
            for i in 0..<rows {
                let c = codes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                var alpha: Float = 1
                if let norms { alpha = norms.pq.centroid(0, Int(norms.codes[i])).pointee }
                (d + i).initialize(to: FastTextMatrix.row16(codes: c, alpha: alpha, centroids: pq.centroids.pointer))
            }
            decodedRows = d
        } else {
            decodedRows = nil
        }
    }

    deinit { decodedRows?.deallocate() }

    /// The codes of row `i` of a quantized 16-column matrix with 2-float sub-quantizers
    /// (`isQuantized16x2`; byte `m` = sub-quantizer `m`) and its norm (1 without quantized norms).
    @inline(__always)
    func quantizedCodes16(_ i: Int) -> (codes: UInt64, alpha: Float) {
        let codes = UnsafeRawPointer(self.codes.unsafelyUnwrapped).loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
        if let normCodes, let normPQ { return (codes, normPQ.centroid(0, Int(normCodes[i])).pointee) }
        return (codes, 1)
    }

    /// The row with `codes` and norm `alpha` (see `quantizedCodes16`), each element
    /// `alpha * centroid` exactly as `addRow` computes it (`1 * c == c`).
    @inline(__always)
    func quantizedRow16(codes: UInt64, alpha: Float) -> SIMD16<Float> {
        FastTextMatrix.row16(codes: codes, alpha: alpha, centroids: pq.unsafelyUnwrapped.centroids.pointer)
    }

    /// `quantizedRow16(codes:alpha:)` given the quantizer's centroids.
    @inline(__always)
    static func row16(codes: UInt64, alpha: Float, centroids: UnsafePointer<Float>) -> SIMD16<Float> {
        let cent = UnsafeRawPointer(centroids)
        var v = SIMD8<UInt64>()
        for m in 0..<8 {
            let c = Int(truncatingIfNeeded: (codes >> UInt64(8 * m)) & 0xFF)
            v[m] = cent.loadUnaligned(fromByteOffset: (m * 256 + c) * 8, as: UInt64.self)
        }
        return alpha * unsafeBitCast(v, to: SIMD16<Float>.self)  // little-endian: pair m = lanes 2m, 2m+1
    }

    /// Row `i` of an `isQuantized16x2` matrix, as `quantizedRow16(codes:alpha:)`.
    @inline(__always)
    func quantizedRow16(_ i: Int) -> SIMD16<Float> {
        if let decodedRows { return decodedRows[i] }
        let q = quantizedCodes16(i)
        return quantizedRow16(codes: q.codes, alpha: q.alpha)
    }

    /// `x += row(i)` (fastText `addRowToVector`).
    @inline(__always)
    func addRow(_ i: Int, to x: UnsafeMutablePointer<Float>) {
        if let dense {
            let r = dense + i * cols * 4
            for j in 0..<cols { x[j] += r.loadUnaligned(fromByteOffset: j * 4, as: Float.self) }
            return
        }
        let pq = pq.unsafelyUnwrapped
        let code = codes.unsafelyUnwrapped + i * pq.nsubq
        var alpha: Float = 1
        if let normCodes, let normPQ { alpha = normPQ.centroid(0, Int(normCodes[i])).pointee }
        var d = pq.dsub
        for m in 0..<pq.nsubq {
            let c = pq.centroid(m, Int(code[m]))
            if m == pq.nsubq - 1 { d = pq.lastdsub }
            let xo = x + m * pq.dsub
            for n in 0..<d { xo[n] += alpha * c[n] }
        }
    }

    /// `dot(row(i), x)` accumulated left to right in float32 (fastText `dotRow`).
    @inline(__always)
    func dot(_ i: Int, _ x: UnsafePointer<Float>) -> Float {
        if let dense {
            let r = dense + i * cols * 4
            var d: Float = 0
            for j in 0..<cols { d += r.loadUnaligned(fromByteOffset: j * 4, as: Float.self) * x[j] }
            return d
        }
        let pq = pq.unsafelyUnwrapped
        let code = codes.unsafelyUnwrapped + i * pq.nsubq
        var alpha: Float = 1
        if let normCodes, let normPQ { alpha = normPQ.centroid(0, Int(normCodes[i])).pointee }
        var res: Float = 0
        var d = pq.dsub
        for m in 0..<pq.nsubq {
            let c = pq.centroid(m, Int(code[m]))
            if m == pq.nsubq - 1 { d = pq.lastdsub }
            let xo = x + m * pq.dsub
            for n in 0..<d { res += xo[n] * c[n] }
        }
        return res * alpha
    }
}

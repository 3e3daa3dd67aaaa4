#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SieveIO

/// File name patterns (`Fixtures/web/*.warc.gz`), expanded as glob(3) does, sorted; folders
/// are left out.
///
/// A pattern whose wildcards are all in its last component (the usual `dir/*.ext`) is matched
/// against one listing of the folder, whose entries say which are folders: no `stat` per file.
/// Every array element of a Slurm run expands the inputs again, so on a shared filesystem that
/// saves one metadata request per input per element. Other patterns go to glob(3).
public enum Glob {
    public static func expand(_ pattern: String) -> [String] {
        if !hasWildcard(pattern) {
            return FileSystem.exists(pattern) ? [pattern] : []
        }
        let slash = pattern.utf8.lastIndex(of: UInt8(ascii: "/"))
        let folderPart = slash.map { String(pattern[..<$0]) } ?? ""
        if !hasWildcard(folderPart) && !folderPart.contains("\\") {
            let prefix = slash.map { String(pattern[...$0]) } ?? ""
            let name = slash.map { String(pattern[pattern.index(after: $0)...]) } ?? pattern
            return matching(folder: prefix.isEmpty ? "." : prefix, prefix: prefix, name)
        }
        return glob3(pattern)
    }

    static func hasWildcard(_ s: String) -> Bool { s.contains { "*?[".contains($0) } }

    /// Entries of `folder` that match `pattern` (fnmatch, a leading `.` only matched explicitly,
    /// as glob(3) does) and are not folders, as `prefix + name`, sorted bytewise.
    static func matching(folder: String, prefix: String, _ pattern: String) -> [String] {
        var out: [String] = []
        for e in FileSystem.entries(folder) where fnmatch(pattern, e.name, FNM_PERIOD) == 0 {
            let path = prefix + e.name
            if !(e.isFolder ?? FileSystem.isDirectory(path)) { out.append(path) }  // links: ask
        }
        return out.sorted(by: utf8Precedes)
    }

    /// glob(3) itself, for wildcards in folder names.
    static func glob3(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out.filter { !FileSystem.isDirectory($0) }.sorted(by: utf8Precedes)
    }
}

func currentDirectory() -> String {
    var buf = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buf, buf.count) != nil else { return "/" }
    return cString(buf)
}

func readSymlink(_ path: String) throws -> String {
    var buf = [CChar](repeating: 0, count: 4096)
    let n = readlink(path, &buf, buf.count - 1)
    guard n > 0 else { throw InputError(path: path, offset: 0, message: "readlink failed") }
    return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The text of a NUL-terminated C buffer.
func cString(_ buf: [CChar]) -> String {
    String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

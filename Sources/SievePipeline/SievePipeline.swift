import SieveIO

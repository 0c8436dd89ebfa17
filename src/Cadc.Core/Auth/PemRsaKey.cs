using System;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Cadc.Core.Auth
{
    /// <summary>
    /// The RSA private key of a PEM file (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY"), for runtimes
    /// without X509Certificate2.CreateFromPemFile: Windows PowerShell 5.1 on .NET Framework.
    /// CADC's proxy certificates (cadcproxy.pem) hold PKCS#1 RSA keys.
    /// </summary>
    internal static class PemRsaKey
    {
        private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

        private static readonly Regex Block = new Regex(
            "-----BEGIN (?<label>RSA PRIVATE KEY|PRIVATE KEY)-----(?<b64>[A-Za-z0-9+/=\\s]+)-----END \\k<label>-----", RegexOptions.CultureInvariant);

        /// <summary>The key's parameters, sized as RSA.ImportParameters requires; a FormatException says why not.</summary>
        public static RSAParameters Read(string pemText)
        {
            var match = Block.Match(pemText);
            if (!match.Success) throw new FormatException("no unencrypted RSA private key block");
            byte[] der;
            try { der = Convert.FromBase64String(Regex.Replace(match.Groups["b64"].Value, "\\s", "")); }
            catch (FormatException) { throw new FormatException("the private key block is not base64"); }
            var outer = new DerReader(der).Sequence();
            return match.Groups["label"].Value == "RSA PRIVATE KEY" ? FromPkcs1(outer) : FromPkcs8(outer);
        }

        // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, privateKey OCTET STRING (an RSAPrivateKey) }
        private static RSAParameters FromPkcs8(DerReader info)
        {
            info.Integer();
            var algorithm = info.Sequence();
            var oid = algorithm.ObjectIdentifier();
            if (oid != RsaEncryptionOid) throw new NotSupportedException($"a private key of algorithm {oid}; only RSA keys can be read here");
            return FromPkcs1(new DerReader(info.OctetString()).Sequence());
        }

        // RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dp, dq, qinv }
        private static RSAParameters FromPkcs1(DerReader key)
        {
            key.Integer();
            var modulus = key.Integer();
            var exponent = key.Integer();
            var d = key.Integer();
            var p = key.Integer();
            var q = key.Integer();
            var dp = key.Integer();
            var dq = key.Integer();
            var inverseQ = key.Integer();
            // ImportParameters wants D as long as the modulus and the CRT values half as long, zero-padded.
            var half = (modulus.Length + 1) / 2;
            return new RSAParameters
            {
                Modulus = modulus,
                Exponent = exponent,
                D = Pad(d, modulus.Length),
                P = Pad(p, half),
                Q = Pad(q, half),
                DP = Pad(dp, half),
                DQ = Pad(dq, half),
                InverseQ = Pad(inverseQ, half),
            };
        }

        private static byte[] Pad(byte[] value, int length)
        {
            if (value.Length > length) throw new FormatException("a key parameter is longer than the modulus allows");
            if (value.Length == length) return value;
            var padded = new byte[length];
            Buffer.BlockCopy(value, 0, padded, length - value.Length, value.Length);
            return padded;
        }

        /// <summary>Just enough DER for the two key structures: definite lengths, no constructed strings.</summary>
        private sealed class DerReader
        {
            private readonly byte[] _data;
            private int _position;
            private readonly int _end;

            public DerReader(byte[] data) : this(data, 0, data.Length) { }

            private DerReader(byte[] data, int start, int end)
            {
                _data = data;
                _position = start;
                _end = end;
            }

            public DerReader Sequence()
            {
                var (start, length) = Element(0x30);
                return new DerReader(_data, start, start + length);
            }

            /// <summary>An unsigned big-endian integer without the sign byte.</summary>
            public byte[] Integer()
            {
                var (start, length) = Element(0x02);
                while (length > 1 && _data[start] == 0) { start++; length--; }
                return Slice(start, length);
            }

            public byte[] OctetString()
            {
                var (start, length) = Element(0x04);
                return Slice(start, length);
            }

            public string ObjectIdentifier()
            {
                var (start, length) = Element(0x06);
                if (length == 0) throw new FormatException("an empty object identifier");
                var text = new System.Text.StringBuilder();
                text.Append(_data[start] / 40).Append('.').Append(_data[start] % 40);
                long arc = 0;
                for (var i = start + 1; i < start + length; i++)
                {
                    arc = (arc << 7) | (uint)(_data[i] & 0x7f);
                    if ((_data[i] & 0x80) == 0)
                    {
                        text.Append('.').Append(arc);
                        arc = 0;
                    }
                }
                return text.ToString();
            }

            private (int Start, int Length) Element(byte tag)
            {
                if (_position >= _end || _data[_position] != tag)
                    throw new FormatException($"the key is not DER as expected (tag 0x{tag:x2} missing at byte {_position})");
                _position++;
                if (_position >= _end) throw new FormatException("the key ends early");
                int length = _data[_position++];
                if (length >= 0x80)
                {
                    var octets = length & 0x7f;
                    if (octets == 0 || octets > 3) throw new FormatException("the key uses an unsupported DER length");
                    length = 0;
                    for (var i = 0; i < octets; i++)
                    {
                        if (_position >= _end) throw new FormatException("the key ends early");
                        length = (length << 8) | _data[_position++];
                    }
                }
                if (length > _end - _position) throw new FormatException("the key ends early");
                var start = _position;
                _position += length;
                return (start, length);
            }

            private byte[] Slice(int start, int length)
            {
                var bytes = new byte[length];
                Buffer.BlockCopy(_data, start, bytes, 0, length);
                return bytes;
            }
        }
    }
}
